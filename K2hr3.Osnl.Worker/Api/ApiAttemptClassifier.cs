using System.Net;

namespace K2hr3.Osnl.Worker.Api;

/// <summary>
/// Which failures are worth another attempt (osnl-compatibility.md §8.5, §9 #2). Upstream retries only a read time-out; with
/// <see cref="ApiSettings.RetryServerErrors"/> connect failures, 5xx and 429 are retried too. Everything else is final.
/// </summary>
internal static class ApiAttemptClassifier
{
    public static bool IsTemporary(ApiErrorKind kind, int? statusCode, bool retryServerErrors) => kind switch
    {
        ApiErrorKind.Timeout => true,
        ApiErrorKind.ConnectFailure => retryServerErrors,
        ApiErrorKind.HttpStatus => retryServerErrors && statusCode is { } code && (code >= 500 || code == (int)HttpStatusCode.TooManyRequests),
        _ => false,
    };
}
