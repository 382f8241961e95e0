using K2hr3.Osnl.Worker.Processing;

namespace K2hr3.Tests.Runtime;

public sealed class OutcomePolicyTests
{
    [Theory]
    [InlineData(MessageOutcome.Malformed)]
    [InlineData(MessageOutcome.InvalidTarget)]
    public void InputThatCanNeverSucceedIsRejectedWithoutRequeueWhateverTheSettings(MessageOutcome outcome)
    {
        Assert.Equal(AmqpAction.Reject, OutcomePolicy.Decide(outcome, 0, requeueOnError: true, allowRequeue: true, maxRedeliveries: 3));
        Assert.Equal(AmqpAction.Reject, OutcomePolicy.Decide(outcome, 0, requeueOnError: false, allowRequeue: false, maxRedeliveries: 3));
    }

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
