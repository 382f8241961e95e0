using K2hr3.Bootstrap;

namespace K2hr3.Osnl.Worker.Cli;

/// <summary>
/// <c>k2hr3-osnl bootstrap [--Key=Value ...]</c>: the AppHost's osnl-bootstrap steps (<see cref="DelHostRoleBootstrap"/>)
/// run once, for a deployment without the AppHost — the published compose file's <c>osnl-bootstrap</c> service runs the
/// listener's image with this command. It waits for the API, ensures the delhost role, makes a role token (or takes the
/// administrator's pre-made one) and writes it to <c>K2hr3:Api:RegistrationTokenFile</c>, where the listener, started
/// after it, reads it and registers its own address. Exit 0 done, 1 a setting is missing or wrong, or the API failed.
/// </summary>
public static class BootstrapCommand
{
    public const string Name = "bootstrap";

    /// <param name="args">.NET configuration arguments (<c>--Key=Value</c>); environment variables are read too.</param>
    /// <param name="log">Where the one-line log records go (the container's log).</param>
    /// <param name="cancellationToken">Stops waiting (SIGTERM/SIGINT).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "yyyy-MM-dd HH:mm:ss "; })
            .SetMinimumLevel(LogLevel.Information));
        var logger = loggerFactory.CreateLogger("K2hr3.Osnl.Bootstrap");
        try
        {
            var configuration = DotNetConfiguration.Build(args, AppContext.BaseDirectory);
            var apiBase = ApiBase(configuration);
            var tokenFile = configuration["K2hr3:Api:RegistrationTokenFile"] is { Length: > 0 } file
                ? file
                : throw Missing("K2hr3:Api:RegistrationTokenFile", "the file the listener reads the role token from");
            var settings = K2hr3BootstrapSettings.FromConfiguration(configuration);
            if (!settings.HasCredentials && settings.RegistrationToken is null)
            {
                throw Missing("K2hr3:Api:UserName", "and no pre-made K2hr3:Api:RegistrationToken: set the admin user (and K2hr3:Api:Password) or an administrator's role token of the delhost role");
            }

            using var http = K2hr3AdminClient.CreateHttpClient(settings.AllowSelfSignedCert);
            var steps = new DelHostRoleBootstrap(new K2hr3AdminClient(http, apiBase), settings, logger, TimeProvider.System);
            await steps.WaitForApiAsync(cancellationToken).ConfigureAwait(false);
            var result = await steps.RunAsync(cancellationToken).ConfigureAwait(false);
            await WriteSecretAsync(tokenFile, result.RegistrationToken, cancellationToken).ConfigureAwait(false);
            BootstrapCommandLog.TokenWritten(logger, settings.DelHostRole, tokenFile);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            BootstrapCommandLog.Stopped(logger);
            return 1;
        }
        catch (Exception ex) when (ex is OsnlConfigurationException or InvalidOperationException or K2hr3ApiException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            BootstrapLog.Failed(logger, ex.Message);
            await log.WriteLineAsync($"{ProgramVersion.ProgramName} {Name}: error: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary><c>K2hr3:Api:Url</c> as the listener takes it (a base URL or <c>…/v1/role</c>) → the API's base URL.</summary>
    private static Uri ApiBase(IConfiguration configuration)
    {
        const string key = "K2hr3:Api:Url";
        if (configuration[key] is not { Length: > 0 } url)
        {
            throw Missing(key, "the K2HR3 API, e.g. http://k2hr3-api:18080");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new OsnlConfigurationException(key, url, "expected an absolute http(s) URL of the K2HR3 API");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        path = path.EndsWith("/v1/role", StringComparison.OrdinalIgnoreCase) ? path[..^"/v1/role".Length] : path;
        return new UriBuilder(uri) { Path = path + "/", Query = string.Empty }.Uri;
    }

    private static OsnlConfigurationException Missing(string key, string what) => new(key, string.Empty, $"not set: {what}");

    /// <summary>Written whole or not at all (a temporary file renamed over the target), readable by its owner only.</summary>
    private static async Task WriteSecretAsync(string path, string secret, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(secret.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

internal static partial class BootstrapCommandLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Wrote the role token for {Role} to {Path}; the listener registers its own address with it")]
    public static partial void TokenWritten(ILogger logger, string role, string path);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Stopped before the bootstrap finished")]
    public static partial void Stopped(ILogger logger);
}
