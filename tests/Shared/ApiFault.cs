namespace K2hr3.Tests.Support;

/// <summary>
/// A scripted misbehaviour of <see cref="K2hr3ApiDouble"/> for one request (or every request, see
/// <see cref="K2hr3ApiDouble.FaultEveryRequest"/>). The delay comes first; then the connection is closed without a
/// response, or <see cref="StatusCode"/> is answered, or (neither) the request is handled normally.
/// </summary>
public sealed record ApiFault
{
    /// <summary>Answer with this status (empty JSON error body) instead of handling the request.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Wait this long before sending anything (the client's read time-out fires first when it is shorter).</summary>
    public TimeSpan DelayBeforeHeaders { get; init; }

    /// <summary>Close the connection without any response (what urllib calls RemoteDisconnected).</summary>
    public bool CloseConnection { get; init; }

    public static ApiFault Status(int statusCode) => new() { StatusCode = statusCode };

    /// <summary>Answer normally, but only after <paramref name="delay"/>.</summary>
    public static ApiFault Delay(TimeSpan delay) => new() { DelayBeforeHeaders = delay };

    public static ApiFault Close() => new() { CloseConnection = true };

    public override string ToString()
        => CloseConnection ? $"close after {DelayBeforeHeaders}" : StatusCode is { } code ? $"{code} after {DelayBeforeHeaders}" : $"delay {DelayBeforeHeaders}";
}
