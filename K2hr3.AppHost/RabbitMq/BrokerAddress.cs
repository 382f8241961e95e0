using System.Globalization;
using RabbitMQ.Client;

namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// Where the AppHost itself connects (health check, simulated notifications): parsed from the value of
/// <c>ConnectionStrings:rabbitmq</c>, which is either an AMQP URI (<c>amqp://</c>, <c>amqps://</c>; what Aspire
/// produces) or an oslo <c>transport_url</c> (<c>rabbit://user:pass@host1:5672,user:pass@host2:5672/vhost?ssl=1</c>,
/// osnl-compatibility.md §4.3). The worker receives the original string; it understands both forms.
/// </summary>
internal sealed record BrokerAddress(IReadOnlyList<AmqpTcpEndpoint> Endpoints, string UserName, string Password, string VirtualHost)
{
    /// <summary>Never print the password.</summary>
    public override string ToString()
        => $"{UserName}@{string.Join(",", Endpoints.Select(e => $"{e.HostName}:{e.Port}"))}/{(VirtualHost == "/" ? string.Empty : VirtualHost)}";

    /// <exception cref="FormatException">Not an amqp(s):// or rabbit:// URL with at least one host.</exception>
    public static BrokerAddress Parse(string connectionString)
    {
        var text = connectionString.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? text[..schemeEnd].ToLowerInvariant() : string.Empty;
        if (scheme is not ("amqp" or "amqps" or "rabbit"))
        {
            throw new FormatException("expected an amqp://, amqps:// or rabbit:// URL");
        }

        var rest = text[(schemeEnd + 3)..];
        var query = string.Empty;
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }

        var pathStart = rest.IndexOf('/', StringComparison.Ordinal);
        var hostList = pathStart >= 0 ? rest[..pathStart] : rest;
        var vhost = pathStart >= 0 ? Uri.UnescapeDataString(rest[(pathStart + 1)..]) : string.Empty;

        var tls = scheme == "amqps" || QueryFlag(query, "ssl");
        var defaultPort = tls ? 5671 : 5672;
        string? user = null;
        string? password = null;
        var endpoints = new List<AmqpTcpEndpoint>();
        foreach (var hostEntry in hostList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = hostEntry.LastIndexOf('@');
            if (at >= 0 && user is null)
            {
                var userInfo = hostEntry[..at];
                var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
                user = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
                password = colon >= 0 ? Uri.UnescapeDataString(userInfo[(colon + 1)..]) : string.Empty;
            }

            var (host, port) = SplitHostPort(at >= 0 ? hostEntry[(at + 1)..] : hostEntry, defaultPort);
            var endpoint = new AmqpTcpEndpoint(host, port);
            if (tls)
            {
                endpoint.Ssl.Enabled = true;
                endpoint.Ssl.ServerName = host;
            }

            endpoints.Add(endpoint);
        }

        if (endpoints.Count == 0)
        {
            throw new FormatException("the URL names no broker host");
        }

        // oslo and the AMQP URI spec agree: an empty path is the default virtual host "/".
        return new BrokerAddress(endpoints, user ?? "guest", password ?? "guest", vhost.Length == 0 ? "/" : vhost);
    }

    /// <summary>A factory for this broker: no automatic recovery (the AppHost's connections are short-lived).</summary>
    public ConnectionFactory CreateConnectionFactory(TimeSpan connectTimeout) => new()
    {
        UserName = UserName,
        Password = Password,
        VirtualHost = VirtualHost,
        AutomaticRecoveryEnabled = false,
        RequestedConnectionTimeout = connectTimeout,
    };

    private static (string Host, int Port) SplitHostPort(string hostPort, int defaultPort)
    {
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException("unterminated IPv6 address");
            }

            var host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            return (host, after.StartsWith(':') ? ParsePort(after[1..]) : defaultPort);
        }

        var colon = hostPort.LastIndexOf(':');
        return colon >= 0 ? (hostPort[..colon], ParsePort(hostPort[(colon + 1)..])) : (hostPort, defaultPort);
    }

    private static int ParsePort(string text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"invalid port '{text}'");

    private static bool QueryFlag(string query, string name)
        => query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Any(pair => string.Equals(Uri.UnescapeDataString(pair[0]), name, StringComparison.OrdinalIgnoreCase)
                && pair.Length == 2
                && Uri.UnescapeDataString(pair[1]).ToLowerInvariant() is "1" or "true" or "yes" or "on");
}
