using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.Osnl.Worker.Hosting;

/// <summary>"broker": the AMQP connection is up.</summary>
public sealed class BrokerHealthCheck(BrokerStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(status.Connected
            ? HealthCheckResult.Healthy("connected")
            : HealthCheckResult.Unhealthy("not connected" + (status.LastError is { } error ? ": " + error : string.Empty)));
}
