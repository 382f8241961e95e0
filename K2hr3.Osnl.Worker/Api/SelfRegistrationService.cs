using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2hr3.Osnl.Worker.Api;

/// <summary>
/// Registers the listener once at start (see <see cref="SelfRegistrationOptions"/>), retrying with capped exponential
/// back-off until the API accepts: the API may start after the listener, and its answer does not change by itself
/// for a bad token, so every failure is logged with the API's reason.
/// </summary>
public sealed class SelfRegistrationService(
    HttpClient http,
    SelfRegistrationOptions options,
    SelfRegistrationStatus status,
    TimeProvider time,
    ILogger<SelfRegistrationService> logger) : BackgroundService
{
    public const string HttpClientName = "k2hr3-self-registration";
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SelfRegistrationLog.Starting(logger, options);
        var delay = FirstDelay;
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            var failure = await TryRegisterAsync(stoppingToken).ConfigureAwait(false);
            if (failure is null)
            {
                status.Succeeded();
                SelfRegistrationLog.Registered(logger, options.Role, attempt);
                return;
            }

            status.Failed(failure);
            SelfRegistrationLog.Retrying(logger, options.Role, attempt, failure, delay);
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    /// <returns>Null on success, else why it failed (without the token).</returns>
    private async Task<string?> TryRegisterAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, options.RequestUri);
        request.Headers.TryAddWithoutValidation("x-auth-token", "R=" + options.Token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var message = await ReadMessageAsync(response, cancellationToken).ConfigureAwait(false);
            return Redact($"HTTP {(int)response.StatusCode}{(message is null ? string.Empty : ": " + message)}");
        }
        catch (HttpRequestException ex)
        {
            return Redact(ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {http.Timeout.TotalSeconds:0} s";
        }
    }

    /// <summary>K2HR3 answers errors as <c>{"result":false,"message":"..."}</c>.</summary>
    private static async Task<string?> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
            return body?["message"]?.GetValueKind() == JsonValueKind.String ? body["message"]!.GetValue<string>() : null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>K2HR3 echoes unknown tokens in its messages ("token(…) is not existed").</summary>
    private string Redact(string text) => text.Replace(options.Token, "***", StringComparison.Ordinal);
}
