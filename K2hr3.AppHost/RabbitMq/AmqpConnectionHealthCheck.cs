using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// Healthy when an AMQP connection to the resource's broker opens (credentials and virtual host included, not just a
/// TCP port). The open connection is kept and re-checked, so a healthy broker is not reconnected every interval.
/// </summary>
internal sealed class AmqpConnectionHealthCheck(IResourceWithConnectionString resource) : IHealthCheck, IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsOpen: true })
            {
                return HealthCheckResult.Healthy();
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }

            var connectionString = await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                return HealthCheckResult.Unhealthy("no connection string yet");
            }

            var address = BrokerAddress.Parse(connectionString);
            _connection = await address.CreateConnectionFactory(ConnectTimeout)
                .CreateConnectionAsync(address.Endpoints, "k2hr3-apphost-health", cancellationToken)
                .ConfigureAwait(false);
            return HealthCheckResult.Healthy($"AMQP connection to {address} opened");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The message names host and user only: connection strings carry the password.
            return HealthCheckResult.Unhealthy($"no AMQP connection: {ex.GetBaseException().Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
