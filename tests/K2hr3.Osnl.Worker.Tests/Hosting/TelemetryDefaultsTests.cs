using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace K2hr3.Tests.Hosting;

/// <summary>
/// K2hr3.ServiceDefaults registers the OpenTelemetry SDK only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a collector
/// (bench/README.md: without one the SDK cost the listener CPU on every message for nothing), and forwards W3C trace
/// context either way.
/// </summary>
public sealed class TelemetryDefaultsTests(RabbitMqBrokerFixture brokers)
{
    [Fact]
    public void WithoutAnOtlpEndpointTheSdkIsNotRegisteredButTraceContextIsPropagated()
    {
        using var host = Build(otlpEndpoint: null);

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<TraceContextPropagation>());
    }

    [Fact]
    public void WithAnOtlpEndpointTheSdkExportsAndNoSeparatePropagationIsNeeded()
    {
        using var host = Build(otlpEndpoint: "http://127.0.0.1:4317");

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.Empty(host.Services.GetServices<IHostedService>().OfType<TraceContextPropagation>());
    }

    [Fact]
    public async Task PropagationOnlyActivitiesCarryTheParentButRecordNoData()
    {
        using var propagation = new TraceContextPropagation(["k2hr3-test-source"]);
        await propagation.StartAsync(TestContext.Current.CancellationToken);
        using var source = new ActivitySource("k2hr3-test-source");
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        using var activity = source.StartActivity("process", ActivityKind.Consumer, parent);

        Assert.NotNull(activity);
        Assert.Equal(parent.TraceId, activity.TraceId);
        Assert.Equal(parent.SpanId, activity.ParentSpanId);
        Assert.False(activity.IsAllDataRequested);
        await propagation.StopAsync(TestContext.Current.CancellationToken);
        Assert.Null(source.StartActivity("after stop", ActivityKind.Consumer, parent));
    }

    /// <summary>The worker as deployed without a collector: the notifier's trace still reaches the K2HR3 API.</summary>
    [Fact]
    public async Task WorkerWithoutCollectorForwardsTheNotifiersTraceToTheApi()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var worker = await InProcessWorker.StartAsync(TestSettings.For(broker, virtualHost, api.RoleUri));
        Assert.Null(worker.App.Services.GetService<TracerProvider>());
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, TestContext.Current.CancellationToken);
        var traceId = ActivityTraceId.CreateRandom();

        await amqp.PublishAsync(
            "neutron",
            "notifications",
            OsloPublisher.Sample("notifications_neutron.json"),
            OsloAmqpProperties.TraceParent(traceId, ActivitySpanId.CreateRandom()));

        var delete = Assert.Single(await api.WaitForRequestsAsync(1, TestConstants.DefaultTimeout));
        Assert.StartsWith($"00-{traceId}-", delete.Headers["traceparent"], StringComparison.Ordinal);
    }

    private static IHost Build(string? otlpEndpoint)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "k2hr3-test" });
        if (otlpEndpoint is not null)
        {
            builder.Configuration[K2hr3ServiceDefaults.OtlpEndpointKey] = otlpEndpoint;
        }

        builder.ConfigureOpenTelemetry("k2hr3-test-source");
        return builder.Build();
    }
}
