namespace K2hr3.AppHost.App;

/// <summary>k2hr3-app run by node from an installed package or a built checkout (processes runtime).</summary>
public sealed class K2hr3AppResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithServiceDiscovery;

/// <summary>k2hr3-app from the antpickax/k2hr3-app image (containers/k2hr3-app.sh).</summary>
public sealed class K2hr3AppContainerResource(string name) : ContainerResource(name), IResourceWithServiceDiscovery;
