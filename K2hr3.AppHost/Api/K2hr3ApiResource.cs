namespace K2hr3.AppHost.Api;

/// <summary>k2hr3-api run by node from an installed package or a built checkout (processes runtime).</summary>
public sealed class K2hr3ApiResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithServiceDiscovery;

/// <summary>
/// k2hr3-api from the antpickax/k2hr3-api image, with its chmpx slave in the same container
/// (containers/k2hr3-api.sh): the API's k2hdkc addon talks to the slave over POSIX MQ and shared memory.
/// </summary>
public sealed class K2hr3ApiContainerResource(string name) : ContainerResource(name), IResourceWithServiceDiscovery;
