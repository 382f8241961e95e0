namespace K2hr3.AppHost.Publishing;

/// <summary>
/// Marks a K2HR3 container as a service of the published compose file, with the healthcheck its run-mode probes become
/// there. Each component's container half adds it (<c>*.Compose.cs</c> in its folder); <see cref="ComposeWriter"/>
/// reads everything else (image, entrypoint, arguments, environment, mounts, ports, waits) from the resource itself.
/// </summary>
internal sealed class ComposeServiceAnnotation(ComposeHealthcheck? healthcheck) : IResourceAnnotation
{
    public ComposeHealthcheck? Healthcheck { get; } = healthcheck;
}

internal static class ComposeServiceAnnotationExtensions
{
    public static IResourceBuilder<T> PublishAsK2hr3ComposeService<T>(this IResourceBuilder<T> container, ComposeHealthcheck? healthcheck)
        where T : ContainerResource =>
        container.WithAnnotation(new ComposeServiceAnnotation(healthcheck), ResourceAnnotationMutationBehavior.Replace);
}
