using System.Collections.Concurrent;

namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>What the health checks report: is the broker connection up, and is every source consuming.</summary>
public sealed class BrokerStatus
{
    private readonly ConcurrentDictionary<string, bool> _consuming = new(StringComparer.Ordinal);
    private volatile bool _connected;
    private volatile string? _lastError;

    public bool Connected => _connected;

    /// <summary>The last connection/declaration failure (redacted: no credentials), for the health report.</summary>
    public string? LastError => _lastError;

    public IReadOnlyDictionary<string, bool> Consuming => _consuming;

    public void Expect(IEnumerable<string> sourceNames)
    {
        foreach (var name in sourceNames)
        {
            _consuming.TryAdd(name, false);
        }
    }

    public void SetConnected() => _connected = true;

    public void SetConsuming(string source, bool consuming) => _consuming[source] = consuming;

    public void SetDisconnected(string? error)
    {
        _connected = false;
        if (error is not null)
        {
            _lastError = error;
        }

        foreach (var name in _consuming.Keys)
        {
            _consuming[name] = false;
        }
    }
}
