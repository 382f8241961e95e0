using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.AppHost.Osnl;

/// <summary>
/// <c>GET /health</c> on the listener, with the listener's own reasons (the body's lines after the status, e.g. "not
/// registered in the K2HR3 delhost role …") as the description the dashboard shows — Aspire's WithHttpHealthCheck
/// would only say that the status was 503.
/// </summary>
internal sealed class ListenerHealthCheck(HttpClient http, EndpointReference endpoint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("the listener has not started yet");
        }

        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(endpoint.Url), "/health"), cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return HealthCheckResult.Healthy("GET /health = 200: broker connected, consumers alive, registered where expected");
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var reasons = string.Join("; ", body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1));
            return HealthCheckResult.Unhealthy(reasons.Length > 0 ? reasons : $"GET /health = {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy($"GET /health failed: {ex.Message}");
        }
    }
}
