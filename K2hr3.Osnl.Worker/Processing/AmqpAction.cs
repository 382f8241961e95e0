namespace K2hr3.Osnl.Worker.Processing;

/// <summary>How a delivered message is settled with the broker.</summary>
public enum AmqpAction
{
    /// <summary><c>basic.ack</c>: done with it.</summary>
    Ack,

    /// <summary><c>basic.reject(requeue: false)</c>: dropped, or dead-lettered by the broker if the queue has a DLX policy.</summary>
    Reject,

    /// <summary>Republish to <c>&lt;queue&gt;&lt;retry suffix&gt;</c> (TTL = redelivery delay, then back to the queue), then ack.</summary>
    RetryLater,

    /// <summary>Publish to <c>&lt;queue&gt;&lt;dead-letter suffix&gt;</c> (parked for an operator), then ack.</summary>
    DeadLetter,
}
