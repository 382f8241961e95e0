namespace K2hr3.Tests.Support;

/// <summary>One request as <see cref="K2hr3ApiDouble"/> saw it (recorded on arrival, status filled in when answered).</summary>
public sealed class RecordedRequest
{
    public required string Method { get; init; }

    /// <summary>The request target exactly as sent (path + raw, still percent-encoded query).</summary>
    public required string RawTarget { get; init; }

    /// <summary>The decoded path.</summary>
    public required string Path { get; init; }

    /// <summary>The decoded query parameters (last value wins for repeated names).</summary>
    public required IReadOnlyDictionary<string, string> Query { get; init; }

    /// <summary>The caller's IP (IPv4-mapped IPv6 unwrapped, like K2HR3's <c>::ffff:</c> stripping).</summary>
    public required IPAddress RemoteIp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Request headers (names lower-case).</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The status answered; null while pending or when the connection was closed/aborted without one.</summary>
    public int? ResponseStatus
    {
        get => Volatile.Read(ref _responseStatus) is var status && status != 0 ? status : null;
        internal set => Volatile.Write(ref _responseStatus, value ?? 0);
    }

    private int _responseStatus;

    public override string ToString() => $"{Method} {RawTarget} -> {ResponseStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}";
}
