using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>
/// Opens one AMQP connection, failing over across the transport_url's hosts round-robin (kombu's default strategy,
/// osnl-compatibility.md §4.3). One host at a time, each with its own credentials (a multi-host transport_url may carry different
/// user:pass per host, which a single ConnectionFactory cannot express). The client's automatic recovery is off: the
/// session loop reconnects, re-declares and re-consumes itself (see <see cref="BrokerConsumerService"/>).
/// </summary>
public sealed partial class BrokerConnector(BrokerSettings settings, ILogger<BrokerConnector> logger)
{
    public const string ClientName = "k2hr3-osnl";

    private int _nextEndpoint;

    /// <summary>Tries every host once, starting with the one that worked last; throws the last failure.</summary>
    public async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var endpoints = settings.Endpoints;
        Exception? lastFailure = null;
        for (var tried = 0; tried < endpoints.Count; tried++)
        {
            var index = (_nextEndpoint + tried) % endpoints.Count;
            var endpoint = endpoints[index];
            try
            {
                var factory = CreateFactory(endpoint);
                var connection = await factory.CreateConnectionAsync([CreateEndpoint(endpoint)], ClientName, cancellationToken).ConfigureAwait(false);
                _nextEndpoint = index;
                LogConnected(endpoint.ToString(), settings.VirtualHost);
                return connection;
            }
            catch (BrokerUnreachableException exception)
            {
                lastFailure = exception;
                LogEndpointFailed(endpoint.ToString(), Describe(exception));
            }
        }

        // Next round starts with the host after the one tried first.
        _nextEndpoint = (_nextEndpoint + 1) % endpoints.Count;
        throw lastFailure ?? new InvalidOperationException("no broker endpoint configured");
    }

    private ConnectionFactory CreateFactory(BrokerEndpoint endpoint) => new()
    {
        UserName = endpoint.UserName,
        Password = endpoint.Password,
        VirtualHost = settings.VirtualHost,
        RequestedHeartbeat = settings.Heartbeat,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        ClientProvidedName = ClientName,
    };

    private AmqpTcpEndpoint CreateEndpoint(BrokerEndpoint endpoint)
    {
        if (!settings.Ssl)
        {
            return new AmqpTcpEndpoint(endpoint.Host, endpoint.Port);
        }

        var ssl = new SslOption(endpoint.Host, certificatePath: string.Empty, enabled: true);
        if (settings.SslCaFile is { Length: > 0 } caFile)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(caFile);
            ssl.CertificateValidationCallback = (_, certificate, _, errors) => IsTrustedBy(authority, certificate, errors);
        }

        return new AmqpTcpEndpoint(endpoint.Host, endpoint.Port, ssl);
    }

    /// <summary><c>ssl_ca_file</c>: the chain must end at this CA (instead of the system store); the host name must still match.</summary>
    private static bool IsTrustedBy(X509Certificate2 authority, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    internal static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return ReferenceEquals(innermost, exception) ? exception.Message : $"{exception.Message} ({innermost.Message})";
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Connected to the broker {Endpoint}, vhost {VirtualHost}")]
    private partial void LogConnected(string endpoint, string virtualHost);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Broker {Endpoint} unreachable: {Reason}")]
    private partial void LogEndpointFailed(string endpoint, string reason);
}
