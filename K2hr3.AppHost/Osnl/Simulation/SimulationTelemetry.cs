using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace K2hr3.AppHost.Osnl.Simulation;

/// <summary>
/// Makes the AppHost's simulated publish a real span in the dashboard: a tracer provider of its own (independent of
/// Aspire's optional start-up profiling) that samples <see cref="SourceName"/> and exports it over OTLP to the
/// dashboard, using the same endpoint and API key Aspire hands to the resources. Without an OTLP endpoint (tests) the
/// span is still recorded, so its id still travels in <c>traceparent</c>.
/// </summary>
internal sealed class SimulationTelemetry : IDisposable
{
    public const string SourceName = "K2hr3.AppHost.Simulation";

    /// <summary>How the AppHost appears in the dashboard's trace list.</summary>
    public const string ServiceName = "k2hr3-apphost";

    public static readonly ActivitySource Source = new(SourceName);

    private readonly TracerProvider _tracerProvider;

    public SimulationTelemetry(IConfiguration configuration)
    {
        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(ServiceName, autoGenerateServiceInstanceId: false))
            .AddSource(SourceName);

        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            tracing.AddOtlpExporter();
        }
        else if (DashboardEndpoint(configuration) is var (endpoint, protocol))
        {
            var apiKey = configuration["AppHost:OtlpApiKey"];
            tracing.AddOtlpExporter(options =>
            {
                options.Endpoint = endpoint;
                options.Protocol = protocol;
                if (!string.IsNullOrEmpty(apiKey))
                {
                    options.Headers = "x-otlp-api-key=" + apiKey;
                }

                // A button press should show up in the dashboard promptly.
                options.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 500;
            });
        }

        _tracerProvider = tracing.Build();
    }

    public void Dispose() => _tracerProvider.Dispose();

    /// <summary>The dashboard's OTLP receiver: gRPC when configured, else HTTP (to which <c>/v1/traces</c> is added).</summary>
    private static (Uri Endpoint, OtlpExportProtocol Protocol)? DashboardEndpoint(IConfiguration configuration)
    {
        var grpc = configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] ?? configuration["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"];
        if (Uri.TryCreate(grpc, UriKind.Absolute, out var grpcUri))
        {
            return (grpcUri, OtlpExportProtocol.Grpc);
        }

        var http = configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] ?? configuration["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"];
        return Uri.TryCreate(http, UriKind.Absolute, out var httpUri)
            ? (new Uri(httpUri, "v1/traces"), OtlpExportProtocol.HttpProtobuf)
            : null;
    }
}
