namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// oslo's duplicate-delivery guard (<c>_MsgIdCache</c>, osnl-compatibility.md §5.4): remembers the <c>_unique_id</c> of the last 16
/// messages that were acked; a later message carrying one of them is a duplicate. Our policy differs from oslo's on
/// what happens next (osnl-compatibility.md §9 #13): the caller ACKS a duplicate (oslo left it unacked until the channel closed).
/// Messages without a string <c>_unique_id</c> (or with an empty one) are never duplicates and never remembered.
/// </summary>
/// <remarks>
/// One instance per consumer; thread-safe (a lock around 16 slots: a handful of span compares). The ids are copied
/// into preallocated slots and compared as characters, so checking and remembering a message allocates nothing
/// (oslo's uuid4-hex ids are 32 characters; a longer id reallocates its slot).
/// </remarks>
public sealed class DuplicateTracker
{
    /// <summary>oslo's <c>DUP_MSG_CHECK_SIZE</c>.</summary>
    public const int Capacity = 16;

    private const int SlotChars = 64;

    private readonly char[][] _slots = [.. Enumerable.Range(0, Capacity).Select(_ => new char[SlotChars])];
    private readonly int[] _lengths = new int[Capacity]; // 0 = empty slot (empty ids are never stored)
    private readonly Lock _lock = new();
    private int _next;

    /// <summary>True when <paramref name="uniqueId"/> was among the last <see cref="Capacity"/> acked ids.</summary>
    public bool IsDuplicate(ReadOnlySpan<char> uniqueId)
    {
        if (uniqueId.IsEmpty)
        {
            return false;
        }

        lock (_lock)
        {
            return IndexOf(uniqueId) >= 0;
        }
    }

    /// <summary>Remembers an acked message's id (oslo: only non-empty ids, and an id already remembered is not added again).</summary>
    public void MarkAcked(ReadOnlySpan<char> uniqueId)
    {
        if (uniqueId.IsEmpty)
        {
            return;
        }

        lock (_lock)
        {
            if (IndexOf(uniqueId) >= 0)
            {
                return;
            }

            if (_slots[_next].Length < uniqueId.Length)
            {
                _slots[_next] = new char[uniqueId.Length];
            }

            uniqueId.CopyTo(_slots[_next]);
            _lengths[_next] = uniqueId.Length;
            _next = (_next + 1) % Capacity;
        }
    }

    private int IndexOf(ReadOnlySpan<char> uniqueId)
    {
        for (var i = 0; i < Capacity; i++)
        {
            if (_lengths[i] == uniqueId.Length && _slots[i].AsSpan(0, _lengths[i]).SequenceEqual(uniqueId))
            {
                return i;
            }
        }

        return -1;
    }
}
