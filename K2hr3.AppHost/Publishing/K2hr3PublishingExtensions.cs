using Aspire.Hosting.Pipelines;

namespace K2hr3.AppHost.Publishing;

public static class K2hr3PublishingExtensions
{
    public const string StepName = "k2hr3-compose";

    /// <summary>Aspire's step writing the JSON manifest (aspire-manifest.json in the output directory).</summary>
    public const string ManifestStepName = "publish-manifest";

    /// <summary>
    /// Adds the pipeline step that writes the compose deployment (<see cref="K2hr3Publisher"/>), required by Aspire's
    /// <c>publish</c> step, so <c>aspire publish -o DIR</c> and
    /// <c>dotnet run -- --operation publish --step publish --output-path DIR</c> run it. It also pulls in Aspire's
    /// manifest step: no compute-environment package (Docker, Kubernetes) is available, so publish alone writes nothing.
    /// </summary>
    public static K2hr3ClusterBuilder AddK2hr3Publishing(this K2hr3ClusterBuilder k2hr3)
    {
        ArgumentNullException.ThrowIfNull(k2hr3);

        // ASPIREPIPELINES001/004: the pipeline and output-directory APIs are experimental in Aspire 13.6; they are the
        // only hook that runs under `aspire publish`.
#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004
        k2hr3.ApplicationBuilder.Pipeline.AddStep(
            StepName,
            async context =>
            {
                var outputDir = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
                var composePath = await K2hr3Publisher.WriteAsync(context.Model, k2hr3.Model, context.ExecutionContext, context.Logger, outputDir, context.CancellationToken).ConfigureAwait(false);
                context.Summary.Add("K2HR3 compose file", composePath);
            },
            dependsOn: ManifestStepName,
            requiredBy: WellKnownPipelineSteps.Publish);
#pragma warning restore ASPIREPIPELINES001, ASPIREPIPELINES004
        return k2hr3;
    }
}
