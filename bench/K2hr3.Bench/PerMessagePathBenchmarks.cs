using BenchmarkDotNet.Attributes;
using K2hr3.Compat;
using K2hr3.Osnl.Worker.Notifications;

namespace K2hr3.Bench;

/// <summary>
/// The worker's per-message CPU path for upstream's three samples, as published by oslo (v2 envelope): decode,
/// duplicate check, filter (the matching upstream sample configuration), extract, validate, build the DELETE URI,
/// remember the id as acked. Target: ≤ 2 µs and ≤ 1 KB
/// allocated per message. <see cref="Decode"/> isolates the decoder, the biggest part.
/// </summary>
[MemoryDiagnoser]
public class PerMessagePathBenchmarks
{
    private readonly DuplicateTracker _tracker = new();
    private byte[] _body = [];
    private NotificationFilter _filter = null!;

    [Params("neutron", "nova", "nova-versioned")]
    public string Sample { get; set; } = "neutron";

    [GlobalSetup]
    public void Setup()
    {
        var sample = UpstreamSample.Named(Sample);
        _body = sample.Body();
        _filter = sample.Filter();
        if (DecodeFilterExtractValidateBuild() is null)
        {
            throw new InvalidOperationException($"{Sample} does not reach the API call");
        }
    }

    [Benchmark]
    public Uri? DecodeFilterExtractValidateBuild()
    {
        var decoded = NotificationDecoder.Decode(_body, NotificationDecoder.JsonContentType);
        using var notification = decoded.Notification;
        if (notification is null)
        {
            return null;
        }

        // The same body every time, so the answer is always "duplicate" after the first run: only its cost counts. The
        // id is compared as characters (the pipeline also keeps it as a string for after the ack: not counted here).
        Span<char> scratch = stackalloc char[64];
        var uniqueId = JsonValues.TryGetChars(notification.UniqueIdElement, scratch, out var chars) ? chars : default;
        _ = _tracker.IsDuplicate(uniqueId);
        if (notification.PriorityKind != PriorityKind.Info || !_filter.Match(notification).IsMatch)
        {
            return null;
        }

        var extraction = TargetExtractor.Extract(notification.Payload);
        if (extraction.Status != ExtractionStatus.Found)
        {
            return null;
        }

        var validation = TargetValidator.Validate(extraction);
        var uri = validation.Target is null ? null : DeleteRequestUri.Build(UpstreamSample.ApiUrl, validation.Target);
        _tracker.MarkAcked(uniqueId);
        return uri;
    }

    [Benchmark]
    public string? Decode()
    {
        using var notification = NotificationDecoder.Decode(_body, NotificationDecoder.JsonContentType).Notification;
        return notification?.Priority;
    }
}
