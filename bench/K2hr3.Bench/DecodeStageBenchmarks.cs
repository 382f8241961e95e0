using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using K2hr3.Tests.Support;

namespace K2hr3.Bench;

/// <summary>Where the decoder's time goes, stage by stage, for the largest sample (nova versioned, 4.3 KB).</summary>
[MemoryDiagnoser]
public class DecodeStageBenchmarks
{
    private byte[] _body = [];
    private byte[] _inner = [];
    private int _innerLength;

    [GlobalSetup]
    public void Setup()
    {
        _body = OsloEnvelope.V2(OsloEnvelope.LoadSample(SharedFixtures.Notification("versioned_notifications_nova.json")));
        _inner = new byte[_body.Length];
        using var outer = JsonDocument.Parse(_body);
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(outer.RootElement.GetProperty("oslo.message")));
        reader.Read();
        _innerLength = reader.CopyString(_inner);
    }

    [Benchmark]
    public bool ValidateUtf8() => Utf8.IsValid(_body);

    [Benchmark]
    public int ParseOuter()
    {
        using var outer = JsonDocument.Parse(_body.AsMemory());
        return outer.RootElement.GetPropertyCount();
    }

    [Benchmark]
    public int ReadOuterWithReader()
    {
        var reader = new Utf8JsonReader(_body);
        var count = 0;
        while (reader.Read())
        {
            count++;
        }

        return count;
    }

    [Benchmark]
    public int Unescape()
    {
        var reader = new Utf8JsonReader(_body);
        reader.Read();
        reader.Read();
        reader.Read();
        reader.Read();
        reader.Read();
        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        var n = reader.CopyString(rented);
        ArrayPool<byte>.Shared.Return(rented);
        return n;
    }

    [Benchmark]
    public int ParseInner()
    {
        using var inner = JsonDocument.Parse(_inner.AsMemory(0, _innerLength));
        return inner.RootElement.GetPropertyCount();
    }

    [Benchmark]
    public int ReadInnerWithReader()
    {
        var reader = new Utf8JsonReader(_inner.AsSpan(0, _innerLength));
        var count = 0;
        while (reader.Read())
        {
            count++;
        }

        return count;
    }
}
