using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting defaults for every K2HR3 .NET service: OpenTelemetry (OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health checks, service discovery and HTTP resilience.
/// </summary>
public static class K2hr3ServiceDefaults
{
    /// <summary>Liveness: the process is up. Readiness (<see cref="HealthEndpointPath"/>) runs every check.</summary>
    public const string AlivenessEndpointPath = "/alive";
    public const string HealthEndpointPath = "/health";
    private const string LiveTag = "live";

    /// <summary>The standard OpenTelemetry variable naming the collector; set by Aspire for every resource.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Names of extra ActivitySources and Meters a service wants exported.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, params string[] telemetrySources)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry(telemetrySources);
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// OpenTelemetry logs, metrics and traces exported over OTLP — when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> says where
    /// to (the Aspire dashboard sets it for every resource). Without an endpoint nothing could receive them, so the
    /// SDK is not registered at all: its per-operation work (sampling, enrichment, metric aggregation) measurably slows
    /// a busy listener (bench/README.md). W3C trace context is still forwarded then (see <see cref="TraceContextPropagation"/>).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder, params string[] telemetrySources)
        where TBuilder : IHostApplicationBuilder
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            builder.Services.AddHostedService(_ => new TraceContextPropagation([builder.Environment.ApplicationName, .. telemetrySources]));
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                foreach (var source in telemetrySources)
                {
                    metrics.AddMeter(source);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName)
                    .AddAspNetCoreInstrumentation(options =>
                        // Health probes would drown the real traces in the dashboard.
                        options.Filter = context =>
                            !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                            && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                    .AddHttpClientInstrumentation();
                foreach (var source in telemetrySources)
                {
                    tracing.AddSource(source);
                }
            })
            .UseOtlpExporter();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (all checks; the body names every check that is not healthy and why) and <c>/alive</c>
    /// (liveness only).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteReasonsAsync });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });
        return app;
    }

    /// <summary>
    /// <c>Healthy</c>, or the status followed by one <c>name: status: description</c> line per failing check — what a
    /// probe (the AppHost's dashboard check, a compose healthcheck, curl) can show an operator as the reason.
    /// </summary>
    public static Task WriteReasonsAsync(Microsoft.AspNetCore.Http.HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string> { report.Status.ToString() };
        lines.AddRange(report.Entries
            .Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"{entry.Key}: {entry.Value.Status}: {entry.Value.Description ?? entry.Value.Exception?.Message ?? "no description"}"));
        context.Response.ContentType = "text/plain; charset=utf-8";
        return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, string.Join('\n', lines));
    }
}
