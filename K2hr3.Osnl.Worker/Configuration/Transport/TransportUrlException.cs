namespace K2hr3.Osnl.Worker.Configuration.Transport;

/// <summary>An unusable transport URL. The reason never contains any part of the URL's credentials or hosts.</summary>
internal sealed class TransportUrlException(string reason) : Exception(reason);
