namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// Cheap answer to "could DCP run containers here?" for <c>K2hr3:Runtime=auto</c>: a Docker or Podman API socket
/// exists (or <c>DOCKER_HOST</c> names one). It does not start anything and does not prove the engine is healthy.
/// </summary>
public static class ContainerRuntimeProbe
{
    public static bool IsAvailable()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOCKER_HOST")))
        {
            return true;
        }

        var runtimeDirectory = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        string[] sockets =
        [
            "/var/run/docker.sock",
            "/run/podman/podman.sock",
            .. string.IsNullOrEmpty(runtimeDirectory) ? [] : new[] { Path.Combine(runtimeDirectory, "docker.sock"), Path.Combine(runtimeDirectory, "podman", "podman.sock") },
        ];
        return sockets.Any(File.Exists);
    }
}
