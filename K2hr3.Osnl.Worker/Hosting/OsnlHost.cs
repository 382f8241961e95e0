using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace K2hr3.Osnl.Worker.Hosting;

/// <summary>Builds and runs the worker's host (consumers, API client, telemetry, health endpoint) for validated settings.</summary>
public static partial class OsnlHost
{
    /// <summary>Bound when no URL is configured: loopback only, a free port (logged at start-up).</summary>
    public const string DefaultUrl = "http://127.0.0.1:0";

    /// <summary>Runs until SIGINT/SIGTERM; returns the process exit code.</summary>
    /// <param name="settings">Validated settings.</param>
    /// <param name="args">The .NET configuration arguments (<c>--Key=Value</c>) left after the upstream flags.</param>
    public static async Task<int> RunAsync(OsnlSettings settings, string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(settings, args);
        }
        catch (OsnlConfigurationException exception)
        {
            await Console.Error.WriteLineAsync($"{ProgramVersion.ProgramName}: error: {exception.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return 1;
        }

        // Taken before running: RunAsync disposes the service provider when it returns.
        var fatal = app.Services.GetRequiredService<FatalStop>();
        await using (app.ConfigureAwait(false))
        {
            try
            {
                // The host's console lifetime turns SIGTERM and SIGINT (and SIGQUIT) into a graceful stop (osnl-compatibility.md §9 #22).
                await app.RunAsync().ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                // e.g. the health endpoint's address is in use.
                await Console.Error.WriteLineAsync($"{ProgramVersion.ProgramName}: error: cannot start: {exception.Message}").ConfigureAwait(false);
                return 1;
            }

            if (fatal.ExitCode is { } exitCode)
            {
                // The log already has it; with a log file, stderr (a service manager's journal) gets the reason too.
                if (settings.Logging.LogFile is not null)
                {
                    await Console.Error.WriteLineAsync($"{ProgramVersion.ProgramName}: error: {fatal.Reason}").ConfigureAwait(false);
                }

                return exitCode;
            }
        }

        return 0;
    }

    /// <summary>
    /// The configured host, not started. Throws <see cref="OsnlConfigurationException"/> for settings only checkable
    /// here (filter regexes). <paramref name="configure"/> lets tests replace services before building.
    /// </summary>
    public static WebApplication Build(OsnlSettings settings, string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(OsnlHost).Assembly.GetName().Name,
        });

        if (!HasConfiguredUrls(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.Processing.ShutdownGrace + TimeSpan.FromSeconds(15));
        OsnlLogging.Configure(builder.Logging, settings.Logging);
        builder.AddServiceDefaults(OsnlTelemetry.Name);
        builder.Services.AddOsnlWorker(settings);
        builder.AddK2hr3SelfRegistration(settings.Api); // only with K2hr3:Api:RegistrationToken (AppHost bootstrap)
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();

        // Compile every source's filter now: an invalid regex is a start-up error (exit 1), not a per-message one.
        _ = app.Services.GetRequiredService<SourceProcessors>();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OsnlHost).FullName!);
        foreach (var warning in settings.Warnings)
        {
            LogConfigurationWarning(logger, warning);
        }

        app.Lifetime.ApplicationStarted.Register(() => LogListening(logger, string.Join(", ", ListeningAddresses(app))));
        return app;
    }

    /// <summary>The health endpoint's actual addresses (after start; resolves port 0).</summary>
    public static IReadOnlyList<string> ListeningAddresses(WebApplication app)
        => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static bool HasConfiguredUrls(IConfiguration configuration)
        => !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Health endpoints (/health, /alive) listening on {Addresses}")]
    private static partial void LogListening(ILogger logger, string addresses);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Configuration: {Warning}")]
    private static partial void LogConfigurationWarning(ILogger logger, string warning);
}
