using K2hr3.AppHost.Dkc;

namespace K2hr3.AppHost.Hosting;

/// <summary>A K2HR3 image the engine neither has nor can pull, and the command that builds it here.</summary>
/// <param name="Image">The full reference, e.g. <c>localhost/k2hr3/k2hdkc:1.0.17</c>.</param>
/// <param name="Why">What the engine said (not in its store, the pull's error).</param>
/// <param name="BuildCommand">The command to run (<c>bash …/eng/build-images.sh --only k2hdkc</c> and what follows).</param>
internal sealed record MissingImage(string Image, string Why, string BuildCommand)
{
    /// <summary>The console line: the image, why, and the whole command.</summary>
    public string Message => $"{Image} {Why} — build it: {BuildCommand}";
}

/// <summary>
/// Containers runtime: before a container of a K2HR3 image (<c>localhost/k2hr3/*</c>, <c>antpickax/*</c>) starts, asks
/// the engine the AppHost uses (docker or podman) whether it has the image, and pulls it when a registry can serve it.
/// An image it neither has nor can pull does not end as a bare failed pull: the resource gets the short state
/// <see cref="State"/>, the property <see cref="BuildCommandProperty"/> holding the command that builds the image from
/// source (<c>eng/build-images.sh</c>), the same in its console log, and it does not start (nothing to run).
/// </summary>
internal static partial class ContainerImageCheck
{
    /// <summary>Short: the dashboard re-spaces custom state strings, so the reason goes into the property and the log.</summary>
    public const string State = "Image missing";

    /// <summary>The resource property with the whole command (shown whole in the dashboard's details).</summary>
    public const string BuildCommandProperty = "k2hr3.image.build";

    public static readonly TimeSpan InspectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A pull of the API image (≈ 400 MB) over a slow link; an unreachable registry fails far sooner.</summary>
    public static readonly TimeSpan PullTimeout = TimeSpan.FromMinutes(10);

    private const string LocalPrefix = "localhost/k2hr3/";

    private static readonly string[] UpstreamRepositories = ["antpickax/"];

    /// <summary>Subscribes the check to every container start of this AppHost (run mode, containers runtime).</summary>
    public static void Add(IDistributedApplicationBuilder builder, string engine, string repositoryRoot)
    {
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(async (e, cancellationToken) =>
        {
            if (e.Resource is not ContainerResource container || !container.TryGetContainerImageName(out var image) || BuildName(image) is null)
            {
                return;
            }

            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            var missing = await CheckAsync(engine, image, repositoryRoot, cancellationToken).ConfigureAwait(false);
            if (missing is not null && BuildScriptArguments(image, engine, repositoryRoot) is { } build && !container.Annotations.OfType<ResourceCommandAnnotation>().Any(c => c.Name == BuildCommandName))
            {
                AddBuildCommand(container, build);
            }
            await notifications.PublishUpdateAsync(container, s => s with
            {
                Properties = missing is null
                    ? s.Properties.RemoveAll(p => p.Name == BuildCommandProperty)
                    : s.Properties.SetK2hr3Property(BuildCommandProperty, missing.BuildCommand),
                State = missing is null ? s.State : new ResourceStateSnapshot(State, KnownResourceStateStyles.Error),
            }).ConfigureAwait(false);
            if (missing is not null)
            {
                // The console the dashboard shows: by resource, as Aspire's own "Waiting for resource" lines (by the
                // snapshot's id the line went to a console no one shows — DCP had not named the instance yet).
                LogMissing(e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(container), missing.Message);

                // Stops this start (Aspire marks it failed to start) instead of a pull that cannot succeed.
                throw new DistributedApplicationException(missing.Message);
            }
        });
    }

    /// <summary>The dashboard command that runs the build on a resource whose image is missing.</summary>
    public const string BuildCommandName = "k2hr3-build-image";

    /// <summary>
    /// <c>bash eng/build-images.sh --only NAME</c> when running it makes this very image: a <c>localhost/k2hr3/</c>
    /// image on Podman (the script builds with Podman). Null otherwise (Docker, or an upstream image needing new settings).
    /// </summary>
    public static string[]? BuildScriptArguments(string image, string engine, string repositoryRoot)
    {
        var script = Path.Combine(repositoryRoot, "eng", "build-images.sh");
        return StripTag(image).StartsWith(LocalPrefix, StringComparison.Ordinal)
            && Path.GetFileName(engine).Contains("podman", StringComparison.OrdinalIgnoreCase)
            && BuildName(image) is { } name
            && File.Exists(script)
                ? [script, "--only", name]
                : null;
    }

    /// <summary>
    /// "Build image": runs the script with its output in the resource's console, then starts the resource. Shown only
    /// while the image is missing (the property is set).
    /// </summary>
    private static void AddBuildCommand(ContainerResource container, string[] arguments) =>
        container.Annotations.Add(new ResourceCommandAnnotation(
            BuildCommandName,
            "Build image",
            context => context.ResourceSnapshot.Properties.Any(p => p.Name == BuildCommandProperty) ? ResourceCommandState.Enabled : ResourceCommandState.Hidden,
            context => BuildAndStartAsync(container, arguments, context),
            displayDescription: $"bash {string.Join(' ', arguments)}, then start",
            parameter: null,
            confirmationMessage: null,
            iconName: "Wrench",
            iconVariant: IconVariant.Regular,
            isHighlighted: true));

    private static async Task<ExecuteCommandResult> BuildAndStartAsync(ContainerResource container, string[] arguments, ExecuteCommandContext context)
    {
        var logger = context.Services.GetRequiredService<ResourceLoggerService>().GetLogger(context.ResourceName);
        var startInfo = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new System.Diagnostics.Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) { LogBuild(logger, text); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) { LogBuild(logger, text); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            return CommandResults.Failure($"eng/build-images.sh exited with {process.ExitCode}: its last lines are in the console log");
        }

        var start = await context.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(container, KnownResourceCommands.StartCommand, context.CancellationToken).ConfigureAwait(false);
        return start.Success ? CommandResults.Success() : CommandResults.Failure($"built; start failed: {start.Message}");
    }

    /// <summary><c>eng/build-images.sh</c>'s name for a K2HR3 image (<c>k2hdkc</c>, <c>k2hr3-api</c>, …); null for other images.</summary>
    public static string? BuildName(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var path = StripTag(image);
        if (path.StartsWith(LocalPrefix, StringComparison.Ordinal))
        {
            return path[LocalPrefix.Length..];
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var host = slash > 0 ? path[..slash] : string.Empty;
        var hasRegistry = host.Contains('.', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) || host == "localhost";
        var repository = hasRegistry ? path[(slash + 1)..] : path;
        return UpstreamRepositories.FirstOrDefault(r => repository.StartsWith(r, StringComparison.Ordinal)) is { } upstream
            ? repository[upstream.Length..]
            : null;
    }

    /// <summary>
    /// The decision, given what the engine said: null when the image is there (or was pulled); otherwise what is missing
    /// and the command that builds it — the script builds with Podman under <c>localhost/k2hr3/</c>, so an upstream
    /// image is replaced by switching the AppHost to the local images, and Docker loads the image from Podman.
    /// </summary>
    public static MissingImage? Decide(string image, bool present, string? pullError, string engine, string repositoryRoot)
    {
        if (present || BuildName(image) is not { } name)
        {
            return null;
        }

        var script = $"bash {Path.Combine(repositoryRoot, "eng", "build-images.sh")}";
        var local = StripTag(image).StartsWith(LocalPrefix, StringComparison.Ordinal);
        var engineName = Path.GetFileName(engine);
        var why = local
            ? $"is not in {engineName}'s image store (no registry serves localhost/)"
            : $"is not in {engineName}'s image store and cannot be pulled ({pullError ?? "pull failed"})";
        var docker = !engineName.Contains("podman", StringComparison.OrdinalIgnoreCase);
        var command = $"{script} --only {name}";
        if (docker)
        {
            command += local
                ? $" && podman save {image} | {engine} load"
                : $" && podman save <the image it names> | {engine} load";
        }

        if (!local)
        {
            command += $", then start the AppHost with $({script} --settings)";
        }

        return new MissingImage(image, why, command);
    }

    /// <summary>Asks <paramref name="engine"/> for the image; pulls it when it is not local and a registry may serve it.</summary>
    public static async Task<MissingImage?> CheckAsync(string engine, string image, string repositoryRoot, CancellationToken cancellationToken)
    {
        var inspect = await ProcessRunner.RunAsync(engine, ["image", "inspect", "--format", "{{.Id}}", image], InspectTimeout, cancellationToken).ConfigureAwait(false);
        if (inspect.Succeeded || !SaysNoSuchImage(inspect.StandardError))
        {
            // There, or the engine could not tell (busy past the timeout, no daemon): Aspire's own start reports that.
            return null;
        }

        string? pullError = null;
        if (!StripTag(image).StartsWith(LocalPrefix, StringComparison.Ordinal))
        {
            var pull = await ProcessRunner.RunAsync(engine, ["pull", image], PullTimeout, cancellationToken).ConfigureAwait(false);
            if (pull.Succeeded)
            {
                return null;
            }

            pullError = LastLine(pull.StandardError) ?? $"exit code {pull.ExitCode}";
        }

        return Decide(image, present: false, pullError, engine, repositoryRoot);
    }

    /// <summary>podman: "image not known"; docker: "No such image" / "No such object".</summary>
    internal static bool SaysNoSuchImage(string standardError) =>
        standardError.Contains("image not known", StringComparison.OrdinalIgnoreCase)
        || standardError.Contains("no such image", StringComparison.OrdinalIgnoreCase)
        || standardError.Contains("no such object", StringComparison.OrdinalIgnoreCase);

    private static string StripTag(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var path = at >= 0 ? image[..at] : image;
        var colon = path.LastIndexOf(':');
        return colon > path.LastIndexOf('/') ? path[..colon] : path;
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogBuild(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    private static partial void LogMissing(ILogger logger, string message);
}
