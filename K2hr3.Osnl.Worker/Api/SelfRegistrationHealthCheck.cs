using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.Osnl.Worker.Api;

/// <summary>
/// "k2hr3-registration": unhealthy until the API accepted the listener's registration — before that, every DELETE
/// the listener sends is answered 400 (the caller is not a member of the delhost role).
/// </summary>
public sealed class SelfRegistrationHealthCheck(SelfRegistrationStatus status) : IHealthCheck
{
    public const string Name = "k2hr3-registration";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(status.Registered
            ? HealthCheckResult.Healthy("registered in the delhost role")
            : HealthCheckResult.Unhealthy(
                "not registered in the K2HR3 delhost role" + (status.LastError is { } error ? ": " + error : " yet")
                + "; until it is, the API refuses every DELETE this listener sends (HTTP 400)"));
}
