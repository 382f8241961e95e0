using K2hr3.Osnl.Worker.Amqp;
using K2hr3.Osnl.Worker.Configuration;
using K2hr3.Osnl.Worker.Diagnostics;
using K2hr3.Osnl.Worker.Hosting;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace K2hr3.Tests.Support;

/// <summary>
/// The real worker host (<see cref="OsnlHost.Build"/>: consumers, API client, telemetry, health endpoint on a free
/// loopback port) running inside the test process. Log records are captured (<see cref="Logs"/>) instead of written
/// to stderr. Stop it with <see cref="StopAsync"/> (what SIGTERM does) or by disposing.
/// </summary>
public sealed class InProcessWorker : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly MetricCollector<long> _settled;

    private InProcessWorker(WebApplication app)
    {
        App = app;
        Logs = app.Services.GetRequiredService<FakeLogCollector>();
        Status = app.Services.GetRequiredService<BrokerStatus>();
        _settled = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), OsnlTelemetry.Name, "k2hr3.osnl.messages");
    }

    public WebApplication App { get; }

    public FakeLogCollector Logs { get; }

    public BrokerStatus Status { get; }

    /// <summary>The health endpoint's base address (http://127.0.0.1:port).</summary>
    public Uri BaseAddress => new(OsnlHost.ListeningAddresses(App)[0]);

    /// <summary>Builds and starts the host; with <paramref name="waitUntilConsuming"/> waits for every source's consumer.</summary>
    public static async Task<InProcessWorker> StartAsync(OsnlSettings settings, bool waitUntilConsuming = true, Action<WebApplicationBuilder>? configure = null)
    {
        var app = OsnlHost.Build(settings, [], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddFakeLogging(options => options.OutputSink = null);
            configure?.Invoke(builder);
        });
        var worker = new InProcessWorker(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        if (waitUntilConsuming)
        {
            await worker.WaitUntilConsumingAsync(StartTimeout);
        }

        return worker;
    }

    public Task WaitUntilConsumingAsync(TimeSpan timeout)
        => Eventually.WaitUntilAsync(
            () => Status.Connected && Status.Consuming.Count > 0 && Status.Consuming.Values.All(consuming => consuming),
            timeout,
            "the worker to consume every source (last error: " + Status.LastError + ")");

    /// <summary>Messages settled with the broker so far (acked, rejected, moved), from the worker's own metric.</summary>
    public long SettledCount => _settled.GetMeasurementSnapshot().EvaluateAsCounter();

    /// <summary>The settle metric records after the ack was sent: cheap to poll, unlike the broker's queue listing.</summary>
    public Task WaitForSettledAsync(long count, TimeSpan timeout)
        => Eventually.WaitUntilAsync(() => SettledCount >= count, timeout, $"{count} settled message(s) (have {SettledCount})");

    /// <summary>The log lines so far (formatted messages), for assertions.</summary>
    public IReadOnlyList<string> LogMessages => [.. Logs.GetSnapshot().Select(record => record.Message)];

    /// <summary>A graceful stop, as SIGTERM triggers it (bounded by the host's shutdown timeout).</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await App.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            // Already stopping past its time-out: disposing tears it down.
        }

        await App.DisposeAsync();
        _settled.Dispose();
    }
}
