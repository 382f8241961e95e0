using K2hr3.Osnl.Worker.Processing;

namespace K2hr3.Tests.Processing;

public sealed class OutcomePolicyTests
{
    [Fact]
    public void UndecodableInputIsRejectedWithoutRequeueWhateverTheSettings()
    {
        Assert.Equal(AmqpAction.Reject, OutcomePolicy.Decide(MessageOutcome.Malformed, 0, requeueOnError: true, allowRequeue: true, maxRedeliveries: 3));
        Assert.Equal(AmqpAction.Reject, OutcomePolicy.Decide(MessageOutcome.Malformed, 0, requeueOnError: false, allowRequeue: false, maxRedeliveries: 3));
    }

    // Issue 12: a payload that names no deletable VM (DHCP port, non-UUID id, bad IP) is normal traffic, not poison.
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void NotAVmIsAckedWhateverTheSettings(bool requeueOnError, bool allowRequeue)
        => Assert.Equal(AmqpAction.Ack, OutcomePolicy.Decide(MessageOutcome.InvalidTarget, 0, requeueOnError, allowRequeue, maxRedeliveries: 3));

    [Theory]
    [InlineData(MessageOutcome.Deleted)]
    [InlineData(MessageOutcome.FilteredOut)]
    [InlineData(MessageOutcome.NotInfoPriority)]
    [InlineData(MessageOutcome.UnknownPriority)]
    [InlineData(MessageOutcome.Duplicate)]
    [InlineData(MessageOutcome.NoCuk)]
    [InlineData(MessageOutcome.PayloadShapeError)]
    [InlineData(MessageOutcome.FilterTimedOut)]
    public void NothingToRetryIsAcked(MessageOutcome outcome)
        => Assert.Equal(AmqpAction.Ack, OutcomePolicy.Decide(outcome, 0, requeueOnError: true, allowRequeue: true, maxRedeliveries: 3));

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void ApiFailureIsAckedUnlessBothRequeueSwitchesAreOn(bool requeueOnError, bool allowRequeue)
        => Assert.Equal(AmqpAction.Ack, OutcomePolicy.Decide(MessageOutcome.ApiFailed, 0, requeueOnError, allowRequeue, maxRedeliveries: 3));

    [Theory]
    [InlineData(0, AmqpAction.RetryLater)]
    [InlineData(2, AmqpAction.RetryLater)]
    [InlineData(3, AmqpAction.DeadLetter)]
    [InlineData(7, AmqpAction.DeadLetter)]
    public void ApiFailureWithRequeueIsRetriedLaterUntilTheRedeliveryCapThenParked(int redeliveries, AmqpAction expected)
        => Assert.Equal(expected, OutcomePolicy.Decide(MessageOutcome.ApiFailed, redeliveries, requeueOnError: true, allowRequeue: true, maxRedeliveries: 3));

    [Fact]
    public void ZeroRedeliveriesParksTheFirstFailure()
        => Assert.Equal(AmqpAction.DeadLetter, OutcomePolicy.Decide(MessageOutcome.ApiFailed, 0, requeueOnError: true, allowRequeue: true, maxRedeliveries: 0));
}
