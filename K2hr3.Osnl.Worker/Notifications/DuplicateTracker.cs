namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// oslo's duplicate-delivery guard (<c>_MsgIdCache</c>, OSNL.md §5.4): remembers the <c>_unique_id</c> of the last 16
/// messages that were acked; a later message carrying one of them is a duplicate. Our policy differs from oslo's on
/// what happens next (§9 #13): the caller ACKS a duplicate (oslo left it unacked until the channel closed).
/// Messages without a <c>_unique_id</c> (or with an empty one) are never duplicates and never remembered.
/// One instance per consumer; thread-safe (a lock around a 16-slot ring: a handful of string compares).
/// </summary>
public sealed class DuplicateTracker
{
    /// <summary>oslo's <c>DUP_MSG_CHECK_SIZE</c>.</summary>
    public const int Capacity = 16;

    private readonly string?[] _recent = new string?[Capacity];
    private readonly Lock _lock = new();
    private int _next;

    /// <summary>True when <paramref name="uniqueId"/> was acked among the last <see cref="Capacity"/> remembered ids.</summary>
    public bool IsDuplicate(string? uniqueId)
    {
        if (string.IsNullOrEmpty(uniqueId))
        {
            return false;
        }

        lock (_lock)
        {
            return Array.IndexOf(_recent, uniqueId) >= 0;
        }
    }

    /// <summary>Remembers an acked message's id (oslo: only truthy ids, and an id already remembered is not added again).</summary>
    public void MarkAcked(string? uniqueId)
    {
        if (string.IsNullOrEmpty(uniqueId))
        {
            return;
        }

        lock (_lock)
        {
            if (Array.IndexOf(_recent, uniqueId) >= 0)
            {
                return;
            }

            _recent[_next] = uniqueId;
            _next = (_next + 1) % Capacity;
        }
    }
}
