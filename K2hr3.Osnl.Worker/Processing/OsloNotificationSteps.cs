using K2hr3.Osnl.Worker.Configuration;
using K2hr3.Osnl.Worker.Notifications;

namespace K2hr3.Osnl.Worker.Processing;

/// <summary>The real notification steps of one source, backed by the Notifications/ area.</summary>
public sealed class OsloNotificationSteps : INotificationSteps
{
    public OsloNotificationSteps(SourceSettings source, OsnlSettings settings)
    {
        _ = source;
        _ = settings;
        throw new NotImplementedException("wired once the Notifications/ area is merged");
    }

    public DecodeResult Decode(ReadOnlyMemory<byte> body, string? contentType) => throw new NotImplementedException();

    public bool IsDuplicate(string uniqueId) => throw new NotImplementedException();

    public void MarkHandled(string uniqueId) => throw new NotImplementedException();

    public FilterVerdict Filter(Notification notification) => throw new NotImplementedException();

    public TargetExtraction ExtractTarget(Notification notification) => throw new NotImplementedException();

    public Uri BuildRequestUri(DeleteTarget target) => throw new NotImplementedException();
}
