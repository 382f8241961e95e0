using Microsoft.Extensions.DependencyInjection.Extensions;

namespace K2hr3.Osnl.Worker.Hosting;

/// <summary>Registers the worker's runtime for validated settings.</summary>
public static class OsnlServiceCollectionExtensions
{
    public const string ReadinessTag = "ready";

    public static IServiceCollection AddOsnlWorker(this IServiceCollection services, OsnlSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.Logging);
        services.AddSingleton(settings.Broker);
        services.AddSingleton(settings.Api);
        services.AddSingleton(settings.Processing);
        services.TryAddSingleton(TimeProvider.System);

        services.AddMetrics();
        services.AddSingleton<OsnlMetrics>();
        services.AddSingleton<InFlightTracker>();
        services.AddSingleton<BrokerStatus>();
        services.AddSingleton<FatalStop>();
        services.AddSingleton<BrokerConnector>();

        // One pooled client for the life of the process (osnl-compatibility.md §9 #23). No resilience handler: K2hr3ApiClient owns retries.
        // No other handlers either, they cost CPU on every DELETE for nothing (bench/README.md, throughput): the
        // service-discovery handler that ServiceDefaults adds to every client (api_url is already resolved from
        // services:k2hr3-api:* at start-up and must be an absolute http(s) URL), and IHttpClientFactory's request
        // logging (the worker logs each call's outcome itself; traces still cover every request).
        services.AddHttpClient(K2hr3ApiClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => K2hr3ApiClient.ConfigureHandler(settings.Api))
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear())
            .RemoveAllLoggers()
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan) // per-attempt time-out in the client
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<K2hr3ApiClient>(
            provider,
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(K2hr3ApiClient.HttpClientName)));

        services.AddSingleton(provider => new SourceProcessors([.. settings.Sources.Select(source => CreateProcessor(provider, settings, source))]));

        services.AddHostedService<LibraryLogForwarding>();
        services.AddHostedService<BrokerConsumerService>();
        services.AddHealthChecks()
            .AddCheck<BrokerHealthCheck>("broker", tags: [ReadinessTag])
            .AddCheck<ConsumersHealthCheck>("consumers", tags: [ReadinessTag]);
        return services;
    }

    private static DeliveryProcessor CreateProcessor(IServiceProvider provider, OsnlSettings settings, SourceSettings source)
    {
        var plan = TopologyPlan.For(source, settings.Broker, settings.Processing);

        // Compiles the source's regexes: an invalid one throws OsnlConfigurationException (start-up error, exit 1).
        var filter = NotificationFilter.Create(source.Filter, settings.Processing.RegexMatchTimeout, FilterOptionPrefix(source));
        var settler = new DeliverySettler(
            plan,
            source.Name,
            settings.Processing.RedeliveryDelay,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DeliverySettler>>());
        return ActivatorUtilities.CreateInstance<DeliveryProcessor>(
            provider,
            source,
            plan,
            new NotificationPipeline(filter, new DuplicateTracker(), settings.Api.ApiUrl, provider.GetRequiredService<K2hr3ApiClient>()),
            settler);
    }

    /// <summary>How the filter options of a source are named in errors: the INI section, or the .NET configuration path.</summary>
    private static string FilterOptionPrefix(SourceSettings source)
        => source.Name == OsnlSettingsLoader.FileSourceName ? "[oslo_messaging_notifications] " : $"Osnl:Sources:{source.Name}:";
}
