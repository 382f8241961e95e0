using System.Runtime.CompilerServices;
using System.Text.Json;

namespace K2hr3.Osnl.Worker.Processing;

/// <summary>
/// The one place that decides what an outcome means for the broker and names outcomes and actions (logs, span tags,
/// metric tags). Outcome → AMQP action (pure). Upstream (osnl-compatibility.md §4.4, §8.6) acks almost everything and on an API failure with
/// <c>requeue_on_error</c> rejects with requeue → an immediate, unbounded hot loop (osnl-compatibility.md §9 #3). Here:
/// <list type="bullet">
/// <item>bytes that are not an oslo notification at all (malformed: invalid JSON/UTF-8, unknown envelope version,
/// a priority oslo cannot dispatch) → reject without requeue, so a DLX policy on the queue can keep it;</item>
/// <item>nothing to do (filtered out, other priorities, duplicate, no cuk, odd payload, regex time-out, a payload that
/// names no deletable VM — DHCP, router and load-balancer ports have non-UUID device_ids) and success → ack, as
/// upstream does: that is normal traffic and must not fill a dead-letter queue;</item>
/// <item>API failure → ack unless both <c>requeue_on_error</c> and the source's <c>allow_requeue</c> are on; then a
/// delayed redelivery through the retry queue, and after <c>max_redeliveries</c> the dead-letter queue.</item>
/// </list>
/// </summary>
public static class OutcomePolicy
{
    /// <param name="outcome">The pipeline's verdict.</param>
    /// <param name="redeliveries">How often this message already went through the retry queue (header <c>x-k2hr3-redeliveries</c>).</param>
    /// <param name="requeueOnError"><c>[k2hr3] requeue_on_error</c>.</param>
    /// <param name="allowRequeue">The source's <c>allow_requeue</c>.</param>
    /// <param name="maxRedeliveries"><c>[worker] max_redeliveries</c>.</param>
    public static AmqpAction Decide(MessageOutcome outcome, int redeliveries, bool requeueOnError, bool allowRequeue, int maxRedeliveries) => outcome switch
    {
        MessageOutcome.Malformed => AmqpAction.Reject,
        MessageOutcome.ApiFailed when !(requeueOnError && allowRequeue) => AmqpAction.Ack,
        MessageOutcome.ApiFailed when redeliveries >= maxRedeliveries => AmqpAction.DeadLetter,
        MessageOutcome.ApiFailed => AmqpAction.RetryLater,
        _ => AmqpAction.Ack,
    };

    /// <summary>The outcome's name in logs, span tags and metric tags: <c>deleted</c>, <c>filtered_out</c>, <c>api_failed</c>, …</summary>
    public static string NameOf(MessageOutcome outcome) => SnakeCaseNames<MessageOutcome>.Of(outcome);

    /// <summary>The action's name in logs, span tags and metric tags: <c>ack</c>, <c>reject</c>, <c>retry_later</c>, <c>dead_letter</c>.</summary>
    public static string NameOf(AmqpAction action) => SnakeCaseNames<AmqpAction>.Of(action);

    // Computed once per enum, so naming costs an array read per message. The enums are numbered 0, 1, 2, … in order.
    private static class SnakeCaseNames<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly string[] Names = [.. Enum.GetNames<TEnum>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];

        public static string Of(TEnum value) => Names[Unsafe.BitCast<TEnum, int>(value)];
    }
}
