using System.Diagnostics;

namespace K2hr3.Osnl.Worker.Processing;

/// <summary>
/// One message of one source, straight through, in oslo's and k2hr3_osnl's order: decode → duplicate check →
/// priority → filter → extract → validate → API call → outcome. No AMQP here (<see cref="OutcomePolicy"/> and the
/// settler decide what the broker is told), so the whole decision path runs without a broker.
/// </summary>
public sealed class NotificationPipeline(NotificationFilter filter, DuplicateTracker duplicates, Uri apiUrl, K2hr3ApiClient api)
{
    /// <summary>
    /// Tells the pipeline that the message behind <paramref name="result"/> was settled for good (acked or parked), so
    /// a redelivery of it is a duplicate from now on.
    /// </summary>
    public void Acked(ProcessingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome != MessageOutcome.Duplicate)
        {
            duplicates.MarkAcked(result.UniqueId);
        }
    }

    /// <summary>Runs the pipeline; throws only when <paramref name="cancellationToken"/> fires (shutdown).</summary>
    public async Task<ProcessingResult> ProcessAsync(ReadOnlyMemory<byte> body, string? contentType, CancellationToken cancellationToken)
    {
        var decoded = NotificationDecoder.Decode(body, contentType);
        if (decoded.Notification is not { } notification)
        {
            return new ProcessingResult(MessageOutcome.Malformed, decoded.Error ?? "not an oslo notification");
        }

        DeleteTarget target;
        string? messageId;
        string? uniqueId;

        // The notification's JSON lives in pooled buffers: everything needed later is copied out before disposing.
        using (notification)
        {
            messageId = notification.MessageId;
            uniqueId = notification.UniqueId;
            if (duplicates.IsDuplicate(uniqueId))
            {
                return new ProcessingResult(MessageOutcome.Duplicate, "duplicate _unique_id " + uniqueId, MessageId: messageId, UniqueId: uniqueId);
            }

            switch (notification.PriorityKind)
            {
                case PriorityKind.OtherKnown:
                    return new ProcessingResult(MessageOutcome.NotInfoPriority, MessageId: messageId, UniqueId: uniqueId);
                case PriorityKind.Unknown:
                    return new ProcessingResult(MessageOutcome.UnknownPriority, $"unknown priority \"{notification.Priority}\"", MessageId: messageId, UniqueId: uniqueId);
            }

            var filtered = filter.Match(notification);
            Activity.Current?.AddEvent(new ActivityEvent(
                "filter",
                tags: new ActivityTagsCollection { ["k2hr3.osnl.filter.outcome"] = filtered.Outcome.ToString(), ["k2hr3.osnl.filter.field"] = filtered.Field }));
            switch (filtered.Outcome)
            {
                case FilterOutcome.NotMatched:
                    return new ProcessingResult(MessageOutcome.FilteredOut, MessageId: messageId, UniqueId: uniqueId);
                case FilterOutcome.TimedOut:
                    return new ProcessingResult(
                        MessageOutcome.FilterTimedOut,
                        $"the {filtered.Field}{(filtered.Key is null ? string.Empty : $" '{filtered.Key}'")} regex exceeded its match time-out",
                        MessageId: messageId,
                        UniqueId: uniqueId);
            }

            var extraction = TargetExtractor.Extract(notification.Payload);
            switch (extraction.Status)
            {
                case ExtractionStatus.NoCuk:
                    return new ProcessingResult(MessageOutcome.NoCuk, Describe("cuk is empty", extraction), MessageId: messageId, UniqueId: uniqueId);
                case ExtractionStatus.BadShape:
                    return new ProcessingResult(MessageOutcome.PayloadShapeError, Describe(extraction.ShapeError ?? "unexpected payload shape", extraction), MessageId: messageId, UniqueId: uniqueId);
            }

            var validation = TargetValidator.Validate(extraction);
            if (validation.Target is not { } validTarget)
            {
                return new ProcessingResult(MessageOutcome.InvalidTarget, validation.Error, MessageId: messageId, UniqueId: uniqueId);
            }

            target = validTarget;
        }

        Activity.Current?.SetTag(OsnlTelemetry.Tags.Cuk, target.Cuk);
        var result = await api.DeleteAsync(DeleteRequestUri.Build(apiUrl, target), cancellationToken).ConfigureAwait(false);
        return new ProcessingResult(
            result.Succeeded ? MessageOutcome.Deleted : MessageOutcome.ApiFailed,
            result.Succeeded ? null : result.ToString(),
            target.Cuk,
            result,
            messageId,
            uniqueId);
    }

    /// <summary>The reason plus upstream's extraction warnings (e.g. <c>expected neutron but no device_id.</c>).</summary>
    private static string Describe(string reason, in TargetExtraction extraction)
    {
        var warnings = string.Join("; ", extraction.WarningMessages());
        return warnings.Length == 0 ? reason : $"{reason} ({warnings})";
    }
}
