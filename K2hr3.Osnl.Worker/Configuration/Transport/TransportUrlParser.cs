namespace K2hr3.Osnl.Worker.Configuration.Transport;

/// <summary>
/// The broker settings of a transport URL: oslo.messaging's parse (<see cref="OsloTransportUrl"/>) with the rabbit
/// driver's query options applied (<see cref="TransportQueryOptions"/>) and kombu's default ports.
/// </summary>
internal static class TransportUrlParser
{
    public const int DefaultPort = 5672;
    public const int DefaultSslPort = 5671;

    /// <param name="url">The URL.</param>
    /// <param name="warnings">Receives one line per query value accepted as oslo would but replaced here.</param>
    /// <exception cref="TransportUrlException">The URL is malformed or a query option invalid.</exception>
    public static BrokerSettings Parse(string url, ICollection<string>? warnings = null)
    {
        var parsed = OsloTransportUrl.Parse(url);
        var ssl = parsed.Scheme == "amqps";
        var settings = TransportQueryOptions.Apply(
            new BrokerSettings { Endpoints = [], VirtualHost = parsed.VirtualHost, Ssl = ssl }, parsed.Query, schemeRequiresSsl: ssl, warnings ?? []);
        var defaultPort = settings.Ssl ? DefaultSslPort : DefaultPort;
        return settings with
        {
            Endpoints = [.. parsed.Hosts.Select(host => new BrokerEndpoint(host.Host, host.Port ?? defaultPort, host.UserName, host.Password))],
        };
    }
}
