using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace K2hr3.Osnl.Worker.Diagnostics;

/// <summary>The worker's instruments on the "K2hr3.Osnl" meter (created through IMeterFactory so tests can observe them).</summary>
public sealed class OsnlMetrics
{
    public OsnlMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(OsnlTelemetry.Name);
        Messages = meter.CreateCounter<long>("k2hr3.osnl.messages", "{message}", "Messages settled, by source, outcome and AMQP action.");
        ApiDuration = meter.CreateHistogram<double>("k2hr3.osnl.api.duration", "s", "Duration of one K2HR3 API DELETE attempt.");
        ApiRetries = meter.CreateCounter<long>("k2hr3.osnl.api.retries", "{retry}", "K2HR3 API attempts repeated after a temporary failure.");
        Redeliveries = meter.CreateCounter<long>("k2hr3.osnl.redeliveries", "{message}", "Messages sent to the retry queue for a delayed redelivery.");
        DeadLetters = meter.CreateCounter<long>("k2hr3.osnl.dead_letters", "{message}", "Messages parked in the dead-letter queue after the last redelivery.");
        InFlight = meter.CreateUpDownCounter<long>("k2hr3.osnl.in_flight", "{message}", "Messages being processed right now.");
    }

    public Counter<long> Messages { get; }

    public Histogram<double> ApiDuration { get; }

    public Counter<long> ApiRetries { get; }

    public Counter<long> Redeliveries { get; }

    public Counter<long> DeadLetters { get; }

    public UpDownCounter<long> InFlight { get; }

    public void RecordSettled(string source, string outcome, string action)
        => Messages.Add(1, new TagList { { OsnlTelemetry.Tags.Source, source }, { OsnlTelemetry.Tags.Outcome, outcome }, { OsnlTelemetry.Tags.Action, action } });
}
