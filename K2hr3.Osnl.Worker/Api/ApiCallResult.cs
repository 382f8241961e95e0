namespace K2hr3.Osnl.Worker.Api;

/// <summary>Why an attempt at the K2HR3 API did not succeed (osnl-compatibility.md §8.5).</summary>
public enum ApiErrorKind
{
    None,

    /// <summary>An HTTP status ≥ 300 (urllib's HTTPError; redirects are not followed).</summary>
    HttpStatus,

    /// <summary>No (complete) response within <c>timeout_seconds</c> after the connection was made: upstream's temporary case.</summary>
    Timeout,

    /// <summary>Connection refused, name resolution failed or the connect itself timed out.</summary>
    ConnectFailure,

    /// <summary>TLS handshake or certificate verification failed.</summary>
    TlsFailure,

    /// <summary>Anything else at the HTTP layer (server closed without a response, reset, malformed response).</summary>
    Transport,
}

/// <summary>The outcome of one K2HR3 API call: decided by the last attempt (osnl-compatibility.md §9 #1).</summary>
/// <param name="Succeeded">The last attempt got a 2xx.</param>
/// <param name="StatusCode">The last attempt's HTTP status, when there was a response.</param>
/// <param name="Attempts">How many requests were sent (1 + retries).</param>
/// <param name="ErrorKind">Why the last attempt failed, or <see cref="ApiErrorKind.None"/>.</param>
/// <param name="Error">A short description of the last failure (no secrets: the URL holds only cuk and IPs).</param>
public sealed record ApiCallResult(bool Succeeded, int? StatusCode, int Attempts, ApiErrorKind ErrorKind, string? Error)
{
    public override string ToString()
        => Succeeded
            ? $"{StatusCode} after {Attempts} attempt(s)"
            : $"{ErrorKind}{(StatusCode is { } code ? " " + code : string.Empty)} after {Attempts} attempt(s): {Error}";
}
