using K2hr3.Osnl.Worker.Notifications;

namespace K2hr3.Osnl.Worker.Processing;

/// <summary>Result of the filter step.</summary>
public enum FilterVerdict
{
    Match,
    Mismatch,

    /// <summary>A regex hit its match time-out.</summary>
    TimedOut,
}

/// <summary>Result of payload → validated <see cref="DeleteTarget"/> (OSNL.md §7, §8.2, §8.3).</summary>
/// <param name="Target">The target, when the payload yields a valid one.</param>
/// <param name="Failure">Otherwise one of NoCuk, PayloadShapeError, InvalidCuk, InvalidIp.</param>
/// <param name="Detail">Why (for the log line; never payload secrets).</param>
public readonly record struct TargetExtraction(DeleteTarget? Target, MessageOutcome Failure, string? Detail)
{
    public static TargetExtraction Found(DeleteTarget target) => new(target, default, null);

    public static TargetExtraction Failed(MessageOutcome failure, string detail) => new(null, failure, detail);
}

/// <summary>
/// The notification-specific steps of one source (decode, duplicate tracking, filter, target extraction and
/// validation, request URI), implemented by the Notifications/ area. A seam so the pipeline's order and outcome
/// mapping stay in one place.
/// </summary>
public interface INotificationSteps
{
    DecodeResult Decode(ReadOnlyMemory<byte> body, string? contentType);

    /// <summary>True when a message with this <c>_unique_id</c> was already settled for good.</summary>
    bool IsDuplicate(string uniqueId);

    /// <summary>Remember a <c>_unique_id</c> after its message was acked for good (not when it goes to the retry queue).</summary>
    void MarkHandled(string uniqueId);

    FilterVerdict Filter(Notification notification);

    TargetExtraction ExtractTarget(Notification notification);

    Uri BuildRequestUri(DeleteTarget target);
}
