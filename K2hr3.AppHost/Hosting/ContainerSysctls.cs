namespace K2hr3.AppHost.Hosting;

/// <summary>Namespaced kernel settings a container needs (<c>--sysctl</c> at run, <c>sysctls:</c> in compose).</summary>
internal sealed class ContainerSysctlsAnnotation(IReadOnlyDictionary<string, string> values) : IResourceAnnotation
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;
}

internal static class ContainerSysctls
{
    /// <summary>POSIX MQ depth limit; per IPC namespace, so any engine lets a container set it.</summary>
    public const string MqueueMessageMax = "fs.mqueue.msg_max";

    /// <summary>Passes the settings to the engine when DCP creates the container and records them for the compose file.</summary>
    public static IResourceBuilder<T> WithSysctls<T>(this IResourceBuilder<T> container, IReadOnlyDictionary<string, string> values)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(values);
        return container
            .WithAnnotation(new ContainerSysctlsAnnotation(values))
            .WithContainerRuntimeArgs([.. values.SelectMany(v => new[] { "--sysctl", $"{v.Key}={v.Value}" })]);
    }
}
