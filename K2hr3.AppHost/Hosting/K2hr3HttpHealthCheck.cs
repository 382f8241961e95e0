using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.AppHost.Hosting;

/// <summary>One HTTP request whose status code tells whether a component works.</summary>
/// <param name="Description">What a success proves, shown in the dashboard.</param>
internal sealed record HttpProbe(HttpMethod Method, string PathAndQuery, HttpStatusCode Expected, string Description);

/// <summary>
/// Sends <paramref name="probe"/> to the component on the loopback address. Used instead of Aspire's
/// WithHttpHealthCheck because the API's probe is a PUT expecting 201 and https must trust the AppHost's own CA.
/// </summary>
internal sealed class K2hr3HttpHealthCheck(HttpClient client, Uri baseAddress, HttpProbe probe) : IHealthCheck
{
    /// <summary>Named HttpClient whose handler trusts the cluster's CA (see <see cref="LoopbackCertificateTrust"/>).</summary>
    public const string HttpClientName = "k2hr3-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The query may carry the probe's dummy credentials: report the path only.
        var target = $"{probe.Method} {probe.PathAndQuery.Split('?')[0]}";
        try
        {
            using var request = new HttpRequestMessage(probe.Method, new Uri(baseAddress, probe.PathAndQuery));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == probe.Expected
                ? HealthCheckResult.Healthy($"{target} = {(int)response.StatusCode}: {probe.Description}")
                : HealthCheckResult.Unhealthy($"{target} = {(int)response.StatusCode}, expected {(int)probe.Expected}");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy($"{target} failed: {ex.Message}");
        }
    }
}
