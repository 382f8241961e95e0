using System.Diagnostics;
using System.Net.Security;

namespace K2hr3.Osnl.Worker.Api;

/// <summary>
/// Sends the osnl call <c>DELETE &lt;api_url&gt;?extra=openstack-auto-v1&amp;cuk=...[&amp;host=...]</c> (osnl-compatibility.md §8.4) with
/// upstream's retry semantics, fixed: an iterative loop of at most <c>max_retries + 1</c> attempts, sleeping
/// <c>retry_interval_seconds</c> between them, retrying only temporary failures (<see cref="ApiAttemptClassifier"/>);
/// the LAST attempt decides the result (osnl-compatibility.md §9 #1: upstream reported a success after a time-out as a failure).
/// <para>
/// The HttpClient comes from IHttpClientFactory (one pooled handler, built once: osnl-compatibility.md §9 #23) and deliberately has no
/// resilience handler: the standard handler would retry on its own and multiply the DELETEs.
/// </para>
/// </summary>
public sealed partial class K2hr3ApiClient(HttpClient http, ApiSettings settings, OsnlMetrics metrics, TimeProvider timeProvider, ILogger<K2hr3ApiClient> logger)
{
    /// <summary>The named HttpClient registered by <see cref="ConfigureHandler"/>.</summary>
    public const string HttpClientName = "k2hr3-api";

    /// <summary>
    /// The primary handler: no automatic redirects (urllib does not follow them for DELETE, a 3xx is a failure), system
    /// proxy settings (http_proxy/https_proxy/no_proxy, like urllib), connect time-out = <c>timeout_seconds</c>, and with
    /// <c>allow_self_signed_cert</c> any server certificate is accepted (upstream semantics, §9 #14).
    /// </summary>
    public static SocketsHttpHandler ConfigureHandler(ApiSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = true,
            ConnectTimeout = settings.Timeout,
            ConnectCallback = ConnectTracking.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        if (settings.AllowSelfSignedCert)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            };
        }

        return handler;
    }

    /// <summary>Sends the DELETE, retrying temporary failures. Throws only when <paramref name="cancellationToken"/> fires.</summary>
    public async Task<ApiCallResult> DeleteAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        var maxAttempts = Math.Max(0, settings.MaxRetries) + 1;
        using var activity = OsnlTelemetry.ActivitySource.StartActivity("k2hr3 api DELETE", ActivityKind.Internal);
        for (var attempt = 1; ; attempt++)
        {
            var (kind, status, error) = await SendOnceAsync(requestUri, cancellationToken).ConfigureAwait(false);
            var temporary = kind != ApiErrorKind.None && ApiAttemptClassifier.IsTemporary(kind, status, settings.RetryServerErrors);
            if (!temporary || attempt >= maxAttempts)
            {
                var result = new ApiCallResult(kind == ApiErrorKind.None, status, attempt, kind, error);
                if (activity is { IsAllDataRequested: true })
                {
                    activity.SetTag(OsnlTelemetry.Tags.ApiAttempts, attempt);
                    activity.SetTag(OsnlTelemetry.Tags.HttpStatusCode, status);
                    if (!result.Succeeded)
                    {
                        activity.SetTag(OsnlTelemetry.Tags.ApiErrorKind, kind.ToString());
                        activity.SetStatus(ActivityStatusCode.Error, error);
                    }
                }

                return result;
            }

            metrics.ApiRetries.Add(1);
            LogRetrying(requestUri, kind, status, error, settings.RetryInterval.TotalSeconds, maxAttempts - attempt);
            await Task.Delay(settings.RetryInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(ApiErrorKind Kind, int? Status, string? Error)> SendOnceAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(settings.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Delete, requestUri); // no body, no Content-Type (osnl-compatibility.md §8.4)
        ConnectTracking.Track(request);
        var started = timeProvider.GetTimestamp();
        (ApiErrorKind Kind, int? Status, string? Error) outcome;
        try
        {
            // ResponseContentRead: like urllib, the body is read (and discarded) within the same time-out.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            outcome = status is >= 200 and < 300
                ? (ApiErrorKind.None, status, null)
                : (ApiErrorKind.HttpStatus, status, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException exception)
        {
            // Our per-attempt deadline, or the handler's ConnectTimeout.
            outcome = ConnectTracking.WasConnected(request) && attemptTimeout.IsCancellationRequested
                ? (ApiErrorKind.Timeout, null, $"no response within {settings.Timeout.TotalSeconds:0.###} s")
                : (ApiErrorKind.ConnectFailure, null, "connect timed out: " + exception.Message);
        }
        catch (HttpRequestException exception)
        {
            var kind = exception.HttpRequestError switch
            {
                HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError => ApiErrorKind.ConnectFailure,
                HttpRequestError.SecureConnectionError => ApiErrorKind.TlsFailure,
                _ => ApiErrorKind.Transport,
            };
            outcome = (kind, null, Describe(exception));
        }
        // osnl-compatibility.md §9 #15: any other transport exception is a normal failure, never a crash or a silent ack.
        catch (Exception exception)
        {
            outcome = (ApiErrorKind.Transport, null, Describe(exception));
        }

        var elapsed = timeProvider.GetElapsedTime(started);
        metrics.ApiDuration.Record(
            elapsed.TotalSeconds,
            new TagList { { OsnlTelemetry.Tags.HttpStatusCode, outcome.Status }, { OsnlTelemetry.Tags.ApiErrorKind, outcome.Kind.ToString() } });
        return outcome;
    }

    private static string Describe(Exception exception)
        => exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning,
        Message = "K2HR3 API DELETE {RequestUri} failed temporarily ({ErrorKind} {StatusCode} {Error}); retrying in {IntervalSeconds} s, {RemainingAttempts} attempt(s) left")]
    private partial void LogRetrying(Uri requestUri, ApiErrorKind errorKind, int? statusCode, string? error, double intervalSeconds, int remainingAttempts);
}
