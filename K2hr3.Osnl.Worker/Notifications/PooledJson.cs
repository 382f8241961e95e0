using System.Buffers;
using System.Text.Json;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// Owns the parsed message and the pooled bytes it points into, so a decoded <see cref="Notification"/> stays valid
/// after <see cref="NotificationDecoder.Decode"/> returns without cloning any <see cref="JsonElement"/>.
/// A separate object (not fields of the record) so that <c>with</c> copies share one release.
/// </summary>
internal sealed class PooledJson : IDisposable
{
    private JsonDocument? _document;
    private byte[]? _rentedBytes;

    public PooledJson(JsonDocument document, byte[] rentedBytes)
    {
        _document = document;
        _rentedBytes = rentedBytes;
    }

    public void Dispose()
    {
        // The document points into the rented bytes: release it first. Exchange makes a double Dispose harmless
        // (returning one array twice to the pool would hand it to two owners).
        Interlocked.Exchange(ref _document, null)?.Dispose();
        if (Interlocked.Exchange(ref _rentedBytes, null) is { } bytes)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
