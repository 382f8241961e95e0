using static K2hr3.Tests.Notifications.DecodeHelpers;

namespace K2hr3.Tests.Notifications;

public class DuplicateTrackerTests
{
    [Fact]
    public void AnAckedIdIsADuplicateAfterwards()
    {
        var tracker = new DuplicateTracker();
        Assert.False(tracker.IsDuplicate("a"));

        tracker.MarkAcked("a");

        Assert.True(tracker.IsDuplicate("a"));
        Assert.False(tracker.IsDuplicate("b"));
    }

    [Fact]
    public void OnlyTheLast16AckedIdsAreRemembered()
    {
        var tracker = new DuplicateTracker();
        for (var i = 0; i <= DuplicateTracker.Capacity; i++)
        {
            tracker.MarkAcked($"id{i}");
        }

        Assert.False(tracker.IsDuplicate("id0")); // evicted by the 17th
        Assert.True(tracker.IsDuplicate("id1"));
        Assert.True(tracker.IsDuplicate($"id{DuplicateTracker.Capacity}"));
    }

    [Fact]
    public void AckingARememberedIdAgainDoesNotTakeASecondSlot()
    {
        var tracker = new DuplicateTracker();
        tracker.MarkAcked("first");
        for (var i = 0; i < DuplicateTracker.Capacity - 1; i++)
        {
            tracker.MarkAcked($"id{i}");
            tracker.MarkAcked("first");
        }

        Assert.True(tracker.IsDuplicate("first"));
        Assert.True(tracker.IsDuplicate("id0"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MessagesWithoutAnIdAreNeverDuplicates(string? uniqueId)
    {
        var tracker = new DuplicateTracker();

        tracker.MarkAcked(uniqueId);

        Assert.False(tracker.IsDuplicate(uniqueId));
    }

    [Fact]
    public async Task ConcurrentUseIsSafe()
    {
        var tracker = new DuplicateTracker();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(
            () =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    tracker.MarkAcked($"w{w}-{i}");
                    _ = tracker.IsDuplicate($"w{w}-{i - 1}");
                }
            },
            TestContext.Current.CancellationToken));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        tracker.MarkAcked("last");

        Assert.True(tracker.IsDuplicate("last"));
    }

    [Fact]
    public void NotificationsAreTrackedByTheirUniqueId()
    {
        var tracker = new DuplicateTracker();
        using var first = Decoded(DecodeV2("""{"priority": "INFO", "_unique_id": "0123456789abcdef0123456789abcdef"}"""));
        using var redelivered = Decoded(DecodeV2("""{"priority": "INFO", "_unique_id": "0123456789abcdef0123456789abcdef"}"""));
        using var other = Decoded(DecodeV2("""{"priority": "INFO", "_unique_id": "fedcba9876543210fedcba9876543210"}"""));

        Assert.False(tracker.IsDuplicate(first.UniqueId));
        tracker.MarkAcked(first.UniqueId);

        Assert.True(tracker.IsDuplicate(redelivered.UniqueId));
        Assert.False(tracker.IsDuplicate(other.UniqueId));
        Assert.True(tracker.IsDuplicate("0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public void IdsCompareAsDecodedStrings()
    {
        var tracker = new DuplicateTracker();
        using var escaped = Decoded(DecodeV2("""{"_unique_id": "\u0061bc"}"""));
        tracker.MarkAcked(escaped.UniqueId);

        using var plain = Decoded(DecodeV2("""{"_unique_id": "abc"}"""));

        Assert.True(tracker.IsDuplicate(plain.UniqueId));
        Assert.Equal("abc", plain.UniqueId);
    }

    [Fact]
    public void LongIdsAreTrackedToo()
    {
        var tracker = new DuplicateTracker();
        var id = new string('x', 500);
        using var notification = Decoded(DecodeV2($$"""{"_unique_id": "{{id}}"}"""));

        tracker.MarkAcked(notification.UniqueId);

        Assert.True(tracker.IsDuplicate(id));
        Assert.False(tracker.IsDuplicate(id.AsSpan(0, id.Length - 1)));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("[\"a\"]")]
    public void MissingEmptyOrNonStringIdsAreNeverDuplicates(string id)
    {
        var tracker = new DuplicateTracker();
        using var notification = Decoded(DecodeV2($$"""{"_unique_id": {{id}}}"""));
        using var empty = Decoded(DecodeV2("{}"));

        tracker.MarkAcked(notification.UniqueId);
        tracker.MarkAcked(empty.UniqueId);

        Assert.False(tracker.IsDuplicate(notification.UniqueId));
        Assert.False(tracker.IsDuplicate(empty.UniqueId));
    }

    [Fact]
    public void HandBuiltNotificationsUseTheirUniqueIdString()
    {
        var tracker = new DuplicateTracker();
        var notification = new Notification
        {
            Priority = "info",
            Context = new Dictionary<string, System.Text.Json.JsonElement>(),
            Metadata = new Dictionary<string, System.Text.Json.JsonElement>(),
            UniqueId = "hand-made",
        };

        tracker.MarkAcked(notification.UniqueId);

        Assert.True(tracker.IsDuplicate("hand-made"));
    }
}
