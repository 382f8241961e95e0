using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.AppHost.Api;

/// <summary>
/// The API's k2hdkc readiness without growing the data: the first check (and one after the token expired or was lost)
/// issues a user token — a write through API → chmpx slave → chmpx servers → k2hdkc — and every later check reads that
/// token back (<c>HEAD /v1/user/tokens</c> with <c>x-auth-token: U=&lt;token&gt;</c>: 204 once the API found it in
/// k2hdkc, 401 when it is not there). A probe that wrote on every check stored a token per check, thousands a day.
/// One instance per API: the token outlives the health-check objects, which the health-check service creates per run.
/// </summary>
internal sealed class K2hdkcReadProbe(TimeProvider time)
{
    /// <summary>dummyuserapi issues an unscoped token for any user name (password ignored) and stores it in k2hdkc.</summary>
    public const string IssuePathAndQuery = "/v1/user/tokens?username=health&password=x";

    /// <summary>Reads the token back; upstream's HEAD handler only checks the token (userTokens.ts), it writes nothing.</summary>
    public const string ReadPath = "/v1/user/tokens";

    /// <summary>A token that reads as unknown this soon after it was issued is not re-issued: k2hdkc is not answering reads.</summary>
    public static readonly TimeSpan MinimumReissueInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _issuedAt;

    public K2hdkcReadProbe()
        : this(TimeProvider.System)
    {
    }

    /// <summary>One check: a read of the token when there is one, else (or when it is gone) one write.</summary>
    public async Task<HealthCheckResult> CheckAsync(HttpClient client, Uri baseAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(baseAddress);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } token)
            {
                using var read = new HttpRequestMessage(HttpMethod.Head, new Uri(baseAddress, ReadPath));
                read.Headers.Add("x-auth-token", $"U={token}");
                using var answer = await client.SendAsync(read, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (answer.StatusCode == HttpStatusCode.NoContent)
                {
                    return HealthCheckResult.Healthy($"HEAD {ReadPath} = 204: the probe's token read back from k2hdkc");
                }

                if (answer.StatusCode != HttpStatusCode.Unauthorized)
                {
                    return HealthCheckResult.Unhealthy($"HEAD {ReadPath} = {(int)answer.StatusCode}, expected 204");
                }

                if (time.GetUtcNow() - _issuedAt < MinimumReissueInterval)
                {
                    return HealthCheckResult.Unhealthy($"HEAD {ReadPath} = 401: the token stored {(time.GetUtcNow() - _issuedAt).TotalSeconds:0} s ago does not read back from k2hdkc");
                }

                // Expired (dummyuserapi tokens live 24 h) or lost with in-memory data: prove a write again.
                _token = null;
            }

            using var issue = new HttpRequestMessage(HttpMethod.Put, new Uri(baseAddress, IssuePathAndQuery));
            using var issued = await client.SendAsync(issue, cancellationToken).ConfigureAwait(false);
            if (issued.StatusCode != HttpStatusCode.Created)
            {
                return HealthCheckResult.Unhealthy($"PUT {ReadPath} = {(int)issued.StatusCode}, expected 201");
            }

            var body = await issued.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("token", out var value) || value.GetString() is not { Length: > 0 } newToken)
            {
                return HealthCheckResult.Unhealthy($"PUT {ReadPath} = 201 without a token in the answer");
            }

            _token = newToken;
            _issuedAt = time.GetUtcNow();
            return HealthCheckResult.Healthy($"PUT {ReadPath} = 201: token stored in k2hdkc (later checks read it back)");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy($"{ReadPath} failed: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return HealthCheckResult.Unhealthy($"PUT {ReadPath} answered something that is not JSON: {ex.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>The health check the dashboard runs: <see cref="K2hdkcReadProbe"/> against the API on the loopback address.</summary>
internal sealed class K2hdkcReadHealthCheck(HttpClient client, Uri baseAddress, K2hdkcReadProbe probe) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        probe.CheckAsync(client, baseAddress, cancellationToken);
}
