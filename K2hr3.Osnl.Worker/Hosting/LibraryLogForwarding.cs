namespace K2hr3.Osnl.Worker.Hosting;

/// <summary>Runs the <see cref="RabbitMqClientLogForwarder"/> for the host's lifetime (registered before the consumers).</summary>
public sealed class LibraryLogForwarding(ILoggerFactory loggerFactory, LoggingSettings settings) : IHostedService, IDisposable
{
    private readonly RabbitMqClientLogForwarder _forwarder = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _forwarder.Start(loggerFactory, settings.LibraryLevel);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _forwarder.Dispose();
}
