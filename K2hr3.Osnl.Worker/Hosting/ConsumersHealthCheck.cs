using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.Osnl.Worker.Hosting;

/// <summary>"consumers": every configured source has a live consumer on its queue.</summary>
public sealed class ConsumersHealthCheck(BrokerStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var idle = status.Consuming.Where(source => !source.Value).Select(source => source.Key).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(status.Consuming.Count > 0 && idle.Count == 0
            ? HealthCheckResult.Healthy($"{status.Consuming.Count} source(s) consuming")
            : HealthCheckResult.Unhealthy(idle.Count > 0 ? "not consuming: " + string.Join(", ", idle) : "no source started yet"));
    }
}
