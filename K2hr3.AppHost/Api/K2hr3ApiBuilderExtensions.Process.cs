using K2hr3.AppHost.Dkc;

namespace K2hr3.AppHost.Api;

/// <summary>The processes half: node runs the installed k2hr3-api package after its chmpx slave is up.</summary>
public static partial class K2hr3ApiBuilderExtensions
{
    private static K2hr3Component AddProcess(K2hr3ClusterBuilder k2hr3, K2hdkcNodes dataTier, K2hr3Component slave)
    {
        var builder = k2hr3.ApplicationBuilder;
        var model = k2hr3.Model;
        var installation = k2hr3.Installation!;
        var problems = new[]
        {
            installation.Api.Problem,
            installation.NodeProblem,
            k2hr3.PortConflicts.Api,
            dataTier.UnavailableReason is { } dkcProblem ? $"needs the data tier: {dkcProblem}" : null,
        }.OfType<string>().ToArray();

        IResourceBuilder<IResource> api;
        if (problems.Length > 0)
        {
            api = builder.AddK2hr3Unavailable(K2hr3ClusterModel.ApiResourceName, "k2hr3-api", string.Join("; ", problems));
        }
        else
        {
            var package = installation.Api.Package!;
            var process = k2hr3.WithLibraryPath(builder
                .AddResource(new K2hr3ApiResource(K2hr3ClusterModel.ApiResourceName, installation.Node!, package.Root))
                .WithArgs(package.EntryScript)
                .WithEnvironment("NODE_ENV", "production")
                .WithEnvironment("NODE_DEBUG", model.Api.NodeDebug)
                .WithEnvironment("NODE_CONFIG_DIR", model.Paths.ApiConfigDir)
                .WaitFor(slave.Resource)
                .ExcludeFromManifest());
            AddEndpointAndProbes(k2hr3, process, targetPort: null);
            api = process;
        }

        slave.Resource.WithParentRelationship(api);
        return new K2hr3Component(api);
    }
}
