namespace K2hr3.Osnl.Worker.Processing;

/// <summary>What the pipeline concluded about one delivered message (osnl-compatibility.md §5.3, §5.4, §7, §8.6).</summary>
public enum MessageOutcome
{
    /// <summary>The K2HR3 API answered 2xx.</summary>
    Deleted,

    /// <summary>The filter (publisher_id, event_type, context, metadata, payload) did not match: normal, no log line.</summary>
    FilteredOut,

    /// <summary>A valid oslo priority other than <c>info</c> (k2hr3_osnl only handles info).</summary>
    NotInfoPriority,

    /// <summary>The priority is not one of oslo's seven names (also an empty body, which decodes to <c>{}</c>).</summary>
    UnknownPriority,

    /// <summary>The <c>_unique_id</c> was already handled (osnl-compatibility.md §5.4; acked instead of left unacked, §9 #13).</summary>
    Duplicate,

    /// <summary>The payload carries no usable cuk.</summary>
    NoCuk,

    /// <summary>The payload has an unexpected shape (payload/port/fixed_ips element not an object, ...).</summary>
    PayloadShapeError,

    /// <summary>A filter regex exceeded its match time-out (catastrophic backtracking): treated like a bad message.</summary>
    FilterTimedOut,

    /// <summary>The bytes are not an oslo notification (invalid JSON, bad envelope version, not an object, ...).</summary>
    Malformed,

    /// <summary>
    /// Not a VM: the cuk is not a string/UUID by Python's rules (osnl-compatibility.md §8.2), or an IP is not a string/valid for inet_pton
    /// (osnl-compatibility.md §8.3). Normal traffic (e.g. a DHCP port's device_id), acked without a call like upstream.
    /// </summary>
    InvalidTarget,

    /// <summary>The K2HR3 API call failed (last attempt: status ≥ 300, refused, TLS, time-out, transport error).</summary>
    ApiFailed,
}
