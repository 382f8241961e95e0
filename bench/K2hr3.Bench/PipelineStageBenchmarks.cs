using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using K2hr3.Osnl.Worker.Notifications;

namespace K2hr3.Bench;

/// <summary>
/// Where the per-message time goes, stage by stage, for the largest upstream sample (nova versioned, 4.3 KB body,
/// 3.8 KB message). Each stage runs on the previous stage's output prepared in <see cref="Setup"/>.
/// </summary>
[MemoryDiagnoser]
public class PipelineStageBenchmarks
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = NotificationDecoder.MaxDepth };

    private byte[] _body = [];
    private byte[] _message = [];
    private int _messageLength;
    private Notification _notification = null!;
    private NotificationFilter _filter = null!;
    private TargetExtraction _extraction;
    private DeleteTarget _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sample = UpstreamSample.NovaVersioned;
        _body = sample.Body();
        _message = new byte[_body.Length];
        EnvelopeFastPath.TryUnescapeMessage(_body, _message, out _messageLength);
        _notification = NotificationDecoder.Decode(_body, NotificationDecoder.JsonContentType).Notification!;
        _filter = sample.Filter();
        _extraction = TargetExtractor.Extract(_notification.Payload);
        _target = TargetValidator.Validate(_extraction).Target!;
    }

    [GlobalCleanup]
    public void Cleanup() => _notification.Dispose();

    [Benchmark]
    public bool ValidateUtf8() => Utf8.IsValid(_body);

    [Benchmark]
    public int UnescapeEnvelope()
    {
        var rented = ArrayPool<byte>.Shared.Rent(_body.Length);
        EnvelopeFastPath.TryUnescapeMessage(_body, rented, out var length);
        ArrayPool<byte>.Shared.Return(rented);
        return length;
    }

    [Benchmark]
    public JsonValueKind ParseMessage()
    {
        using var document = JsonDocument.Parse(_message.AsMemory(0, _messageLength), DocumentOptions);
        return document.RootElement.ValueKind;
    }

    /// <summary>
    /// The floor of any decoder built on System.Text.Json: one <see cref="Utf8JsonReader"/> pass over the message's
    /// tokens, building nothing (no DOM, no strings). What the parse stage would cost with a reader-based decoder.
    /// </summary>
    [Benchmark]
    public int ReadMessageTokens()
    {
        var reader = new Utf8JsonReader(_message.AsSpan(0, _messageLength), new JsonReaderOptions { MaxDepth = NotificationDecoder.MaxDepth });
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark]
    public string? Decode()
    {
        using var notification = NotificationDecoder.Decode(_body, NotificationDecoder.JsonContentType).Notification;
        return notification?.Priority;
    }

    [Benchmark]
    public FilterOutcome Filter() => _filter.Match(_notification).Outcome;

    [Benchmark]
    public ExtractionStatus Extract() => TargetExtractor.Extract(_notification.Payload).Status;

    [Benchmark]
    public bool Validate() => TargetValidator.Validate(_extraction).IsValid;

    [Benchmark]
    public Uri BuildUri() => DeleteRequestUri.Build(UpstreamSample.ApiUrl, _target);
}
