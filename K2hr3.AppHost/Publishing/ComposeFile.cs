namespace K2hr3.AppHost.Publishing;

/// <summary>
/// The subset of the Compose specification the published deployment uses; property names become snake_case keys
/// (<see cref="ComposeWriter"/>) and null properties are left out.
/// </summary>
internal sealed class ComposeFile
{
    public Dictionary<string, ComposeService> Services { get; } = [];

    public Dictionary<string, ComposeNetwork> Networks { get; } = [];

    /// <summary>Named volumes; an empty definition lets the engine create them.</summary>
    public Dictionary<string, ComposeVolume> Volumes { get; } = [];
}

internal sealed class ComposeService
{
    public required string Image { get; init; }

    public List<string>? Entrypoint { get; set; }

    public List<string>? Command { get; set; }

    public string? Hostname { get; set; }

    public Dictionary<string, string>? Environment { get; set; }

    /// <summary>Short syntax <c>source:target[:ro]</c>; sources are relative to the compose file or named volumes.</summary>
    public List<string>? Volumes { get; set; }

    public List<string>? Ports { get; set; }

    /// <summary>Namespaced kernel settings (chmpx's POSIX MQ depth for a non-root user).</summary>
    public Dictionary<string, string>? Sysctls { get; set; }

    public ComposeHealthcheck? Healthcheck { get; set; }

    public Dictionary<string, ComposeDependency>? DependsOn { get; set; }

    public Dictionary<string, ComposeServiceNetwork>? Networks { get; set; }

    public string? Restart { get; set; }
}

/// <summary>A container healthcheck; <see cref="Test"/> is the exec form (<c>CMD</c>, program, arguments).</summary>
internal sealed class ComposeHealthcheck
{
    public required List<string> Test { get; init; }

    public string? Interval { get; init; }

    public string? Timeout { get; init; }

    public int? Retries { get; init; }

    public string? StartPeriod { get; init; }
}

internal sealed class ComposeDependency
{
    public const string ServiceHealthy = "service_healthy";

    /// <summary>A one-shot service that exited 0.</summary>
    public const string ServiceCompletedSuccessfully = "service_completed_successfully";

    public string Condition { get; init; } = ServiceHealthy;
}

internal sealed class ComposeServiceNetwork
{
    public List<string>? Aliases { get; init; }
}

internal sealed class ComposeNetwork
{
    public string? Name { get; init; }
}

internal sealed class ComposeVolume
{
}
