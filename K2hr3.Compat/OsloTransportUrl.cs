using System.Globalization;

namespace K2hr3.Compat;

/// <summary>An unusable transport URL. The reason never contains any part of the URL's credentials or hosts.</summary>
public sealed class TransportUrlException(string reason) : Exception(reason);

/// <summary>One broker host of a transport URL; user and password default to kombu's <c>guest</c>.</summary>
public sealed record OsloTransportHost(string Host, int? Port, string UserName, string Password);

/// <summary>
/// oslo.messaging's <c>TransportURL.parse</c> (osnl-compatibility.md §4.3) of <c>rabbit://u:p@h1:5672,u:p@h2:5672/vhost?opt=val</c>,
/// also accepting the RabbitMQ URIs Aspire injects (<c>amqp://</c>, <c>amqps://</c>): hosts, virtual host and the query
/// as Python's <c>parse_qs</c> reads it. What the query options mean is the driver's business (the listener's
/// <c>TransportQueryOptions</c>). Error reasons refer to hosts by position only, because a malformed URL may have
/// split a password anywhere.
/// </summary>
public sealed record OsloTransportUrl(string Scheme, IReadOnlyList<OsloTransportHost> Hosts, string VirtualHost, IReadOnlyList<(string Name, string Value)> Query)
{
    private const string DefaultCredential = "guest"; // kombu's and RabbitMQ.Client's default user and password

    /// <exception cref="TransportUrlException">The URL is malformed.</exception>
    public static OsloTransportUrl Parse(string url)
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

        var pieces = netloc.Split(',').Where(piece => piece.Length > 0).ToList();
        if (pieces.Count == 0)
        {
            throw new TransportUrlException("the URL names no broker host");
        }

        // oslo: a path "/x" is vhost "x" (URL-decoded); no path or "/" is the default vhost "/".
        var virtualHost = path.Length > 1 ? Uri.UnescapeDataString(path[1..]) : string.Empty;
        return new OsloTransportUrl(
            scheme,
            pieces.Select((piece, index) => ParseHost(piece, index + 1)).ToList(),
            virtualHost.Length == 0 ? "/" : virtualHost,
            ParseQuery(query));
    }

    private static OsloTransportHost ParseHost(string piece, int position)
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

        return new OsloTransportHost(host, port, userName, password);
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

    // Python parse_qs: '&'-separated, '+' is a space, pieces without '=' or with an empty value are dropped,
    // a repeated name gets its values joined with ','.
    private static List<(string Name, string Value)> ParseQuery(string query)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var piece in query.Split('&'))
        {
            var equal = piece.IndexOf('=');
            if (equal < 0 || equal == piece.Length - 1)
            {
                continue;
            }

            var name = Decode(piece[..equal]);
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(Decode(piece[(equal + 1)..]));
        }

        return [.. values.Select(pair => (pair.Key, string.Join(",", pair.Value)))];
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
