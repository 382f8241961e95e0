using System.Globalization;

namespace K2hr3.Osnl.Worker.Configuration.Transport;

/// <summary>
/// Parses oslo.messaging transport URLs (<c>rabbit://u:p@h1:5672,u:p@h2:5672/vhost?opt=val</c>, osnl-compatibility.md §4.3,
/// following <c>TransportURL.parse</c>) and the RabbitMQ URIs Aspire injects (<c>amqp://</c>, <c>amqps://</c>).
/// Error reasons refer to hosts by position only, because a malformed URL may have split a password anywhere.
/// </summary>
internal static class TransportUrlParser
{
    public const int DefaultPort = 5672;
    public const int DefaultSslPort = 5671;
    private const string DefaultCredential = "guest"; // kombu's and RabbitMQ.Client's default user and password

    /// <param name="url">The URL.</param>
    /// <param name="warnings">Receives one line per query value accepted as oslo would but replaced here.</param>
    public static BrokerSettings Parse(string url, ICollection<string>? warnings = null)
    {
        if (url.Contains('#'))
        {
            throw new TransportUrlException("'#' is not allowed in a transport URL; percent-encode it as %23");
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? string.Empty : url[..schemeEnd].ToLowerInvariant(); // urlparse lower-cases it
        if (scheme is not ("rabbit" or "amqp" or "amqps"))
        {
            throw new TransportUrlException("the URL must start with rabbit://, amqp:// or amqps://");
        }

        var rest = url[(schemeEnd + 3)..];
        var queryStart = rest.IndexOf('?');
        var query = queryStart < 0 ? string.Empty : rest[(queryStart + 1)..];
        var beforeQuery = queryStart < 0 ? rest : rest[..queryStart];
        var pathStart = beforeQuery.IndexOf('/');
        var netloc = pathStart < 0 ? beforeQuery : beforeQuery[..pathStart];
        var path = pathStart < 0 ? string.Empty : beforeQuery[pathStart..];

        var hosts = ParseHosts(netloc);
        var settings = TransportQueryOptions.Apply(new BrokerSettings
        {
            Endpoints = [],
            VirtualHost = ParseVirtualHost(path),
            Ssl = scheme == "amqps",
        }, query, schemeRequiresSsl: scheme == "amqps", warnings ?? []);

        var defaultPort = settings.Ssl ? DefaultSslPort : DefaultPort;
        return settings with
        {
            Endpoints = hosts.Select(host => new BrokerEndpoint(host.Host, host.Port ?? defaultPort, host.UserName, host.Password)).ToList(),
        };
    }

    // oslo: a path "/x" is vhost "x" (URL-decoded); no path or "/" is the default vhost "/".
    private static string ParseVirtualHost(string path)
    {
        var virtualHost = path.Length > 1 ? Uri.UnescapeDataString(path[1..]) : string.Empty;
        return virtualHost.Length == 0 ? "/" : virtualHost;
    }

    private static List<ParsedHost> ParseHosts(string netloc)
    {
        var pieces = netloc.Split(',').Where(piece => piece.Length > 0).ToList();
        if (pieces.Count == 0)
        {
            throw new TransportUrlException("the URL names no broker host");
        }

        return pieces.Select((piece, index) => ParseHost(piece, index + 1)).ToList();
    }

    private static ParsedHost ParseHost(string piece, int position)
    {
        var userName = DefaultCredential;
        var password = DefaultCredential;
        var hostAndPort = piece;
        var at = piece.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = piece[..at];
            hostAndPort = piece[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            userName = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? DefaultCredential : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }

        var (host, portText) = SplitHostPort(hostAndPort, position);
        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new TransportUrlException($"broker host #{position} is not a valid host name or IP address");
        }

        int? port = null;
        if (portText is not null)
        {
            port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
                ? number
                : throw new TransportUrlException($"the port of broker host #{position} is not a number from 1 to 65535");
        }

        return new ParsedHost(host, port, userName, password);
    }

    // oslo_utils.netutils.parse_host_port: "[v6]:port", "host:port", or a bare host (also a bare IPv6 address).
    private static (string Host, string? Port) SplitHostPort(string value, int position)
    {
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']');
            var after = close < 0 ? null : value[(close + 1)..];
            return after switch
            {
                "" => (value[1..close], null),
                [':', .. var port] => (value[1..close], port),
                _ => throw new TransportUrlException($"broker host #{position} has a malformed [IPv6] address"),
            };
        }

        var colons = value.Count(c => c == ':');
        return colons == 1 ? (value[..value.IndexOf(':')], value[(value.IndexOf(':') + 1)..]) : (value, null);
    }

    private sealed record ParsedHost(string Host, int? Port, string UserName, string Password);
}
