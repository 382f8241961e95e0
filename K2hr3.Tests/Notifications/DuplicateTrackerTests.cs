using K2hr3.Osnl.Worker.Notifications;

namespace K2hr3.Tests.Notifications;

public class DuplicateTrackerTests
{
    [Fact]
    public void An_acked_id_is_a_duplicate_afterwards()
    {
        var tracker = new DuplicateTracker();
        Assert.False(tracker.IsDuplicate("a"));

        tracker.MarkAcked("a");

        Assert.True(tracker.IsDuplicate("a"));
        Assert.False(tracker.IsDuplicate("b"));
    }

    [Fact]
    public void Only_the_last_16_acked_ids_are_remembered()
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
    public void Acking_a_remembered_id_again_does_not_take_a_second_slot()
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
    public void Messages_without_an_id_are_never_duplicates(string? uniqueId)
    {
        var tracker = new DuplicateTracker();

        tracker.MarkAcked(uniqueId);

        Assert.False(tracker.IsDuplicate(uniqueId));
    }

    [Fact]
    public async Task Concurrent_use_is_safe()
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
}
