using System.Diagnostics;
using K2hr3.Osnl.Worker.Api;
using K2hr3.Osnl.Worker.Diagnostics;

namespace K2hr3.Osnl.Worker.Processing;

/// <summary>
/// One message, straight through: decode → duplicate check → priority → filter → extract + validate → API call →
/// outcome. No AMQP here (see <see cref="OutcomePolicy"/> and the AMQP settlement), so every step is testable alone.
/// </summary>
public sealed class NotificationPipeline(INotificationSteps steps, K2hr3ApiClient api)
{
    /// <summary>oslo's priority names (notify/dispatcher.py); only <c>info</c> has an endpoint method in k2hr3_osnl.</summary>
    private static readonly HashSet<string> OsloPriorities = new(StringComparer.Ordinal) { "audit", "debug", "info", "warn", "error", "critical", "sample" };

    /// <summary>Runs the pipeline; throws only when <paramref name="cancellationToken"/> fires (shutdown).</summary>
    public async Task<ProcessingResult> ProcessAsync(ReadOnlyMemory<byte> body, string? contentType, CancellationToken cancellationToken)
    {
        var decoded = steps.Decode(body, contentType);
        if (decoded.Notification is not { } notification)
        {
            return new ProcessingResult(MessageOutcome.Malformed, decoded.Error ?? "not an oslo notification");
        }

        var messageId = notification.MessageId;
        var uniqueId = notification.UniqueId;
        if (uniqueId is not null && steps.IsDuplicate(uniqueId))
        {
            return new ProcessingResult(MessageOutcome.Duplicate, "duplicate _unique_id " + uniqueId, MessageId: messageId, UniqueId: uniqueId);
        }

        if (notification.Priority != "info")
        {
            return OsloPriorities.Contains(notification.Priority)
                ? new ProcessingResult(MessageOutcome.NotInfoPriority, MessageId: messageId, UniqueId: uniqueId)
                : new ProcessingResult(MessageOutcome.UnknownPriority, $"unknown priority \"{notification.Priority}\"", MessageId: messageId, UniqueId: uniqueId);
        }

        var verdict = steps.Filter(notification);
        Activity.Current?.AddEvent(new ActivityEvent("filter", tags: new ActivityTagsCollection { ["k2hr3.osnl.filter.verdict"] = verdict.ToString() }));
        switch (verdict)
        {
            case FilterVerdict.Mismatch:
                return new ProcessingResult(MessageOutcome.FilteredOut, MessageId: messageId, UniqueId: uniqueId);
            case FilterVerdict.TimedOut:
                return new ProcessingResult(MessageOutcome.FilterTimedOut, "a filter regex exceeded its match time-out", MessageId: messageId, UniqueId: uniqueId);
        }

        var extraction = steps.ExtractTarget(notification);
        if (extraction.Target is not { } target)
        {
            return new ProcessingResult(extraction.Failure, extraction.Detail, MessageId: messageId, UniqueId: uniqueId);
        }

        Activity.Current?.SetTag(OsnlTelemetry.Tags.Cuk, target.Cuk);
        var result = await api.DeleteAsync(steps.BuildRequestUri(target), cancellationToken).ConfigureAwait(false);
        return new ProcessingResult(
            result.Succeeded ? MessageOutcome.Deleted : MessageOutcome.ApiFailed,
            result.Succeeded ? null : result.ToString(),
            target.Cuk,
            result,
            messageId,
            uniqueId);
    }
}
