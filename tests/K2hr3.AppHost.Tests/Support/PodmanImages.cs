namespace K2hr3.Tests.Support;

/// <summary>
/// Podman and the local K2HR3 images <c>eng/build-images.sh</c> builds (<c>localhost/k2hr3/*</c>). Without them the
/// container tests skip with a one-line reason — unless <c>K2HR3_REQUIRE_IMAGES=1</c> (.ci/run, after it built them),
/// where they fail.
/// </summary>
internal static class PodmanImages
{
    public const string RequireVariable = "K2HR3_REQUIRE_IMAGES";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// The AppHost settings that run the local images (<c>--K2hr3:Images:…=…</c>), as <c>eng/build-images.sh --settings</c>
    /// prints them — the same lines a user pastes — so the tests follow the script's tags.
    /// </summary>
    public static IReadOnlyList<string> AppHostSettings { get; } = ReadSettings();

    /// <summary>The listener image (<c>k2hr3-osnl:&lt;version&gt;</c> of the compose file, as podman names it).</summary>
    public static string ListenerImage { get; } = $"docker.io/library/{K2hr3.AppHost.Publishing.ComposeWriter.ListenerImage}";

    /// <summary>The images those settings name (<c>localhost/k2hr3/k2hdkc:1.0.17</c>, …).</summary>
    public static IReadOnlyList<string> References
    {
        get
        {
            var settings = AppHostSettings.Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            string Local(string name) => $"{settings["--K2hr3:Images:Registry"]}/{settings[$"--K2hr3:Images:{name}"]}:{settings[$"--K2hr3:Images:{name}Tag"]}";
            return [Local("K2hdkc"), Local("Api"), Local("App"), settings["--K2hr3:Images:RabbitMq"], ListenerImage];
        }
    }

    /// <summary>Podman runs containers and every local image is built (no skip reason).</summary>
    public static bool Available => MissingReason() is null;

    /// <summary>Skips (or fails where required) unless podman runs containers and every local image is built.</summary>
    public static void RequireLocalImages()
    {
        if (MissingReason() is { } reason)
        {
            Unavailable(reason);
        }
    }

    private static string? MissingReason()
    {
        if (!File.Exists("/usr/bin/podman"))
        {
            return "podman is not installed (sudo bash .ci/setup-machine installs it)";
        }

        var status = new K2hr3.AppHost.Hosting.CliContainerRuntimeProbe().Probe("podman");
        if (!status.CanRun)
        {
            return status.Detail;
        }

        var missing = References.Where(image => !CommandLine.RunAsync("podman", ["image", "exists", image], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult().Succeeded).ToList();
        return missing.Count > 0 ? $"{string.Join(", ", missing)} not built: run `bash eng/build-images.sh`" : null;
    }

    private static string[] ReadSettings()
    {
        var script = Path.Combine(TestData.RepositoryRoot, "eng", "build-images.sh");
        var result = CommandLine.RunAsync("bash", [script, "--settings"], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return result.Succeeded
            ? result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : throw new InvalidOperationException($"{script} --settings failed: {result.Output}");
    }

    /// <summary>A podman command's output lines; fails the test with podman's words when it fails.</summary>
    public static async Task<string[]> LinesAsync(params string[] arguments)
    {
        var result = await CommandLine.RunAsync("podman", arguments, TimeSpan.FromSeconds(30));
        Assert.True(result.Succeeded, $"podman {string.Join(' ', arguments)}: {result.Output}");
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static void Unavailable(string reason)
    {
        if (Required)
        {
            Assert.Fail(reason + $" — {RequireVariable}=1: the container tests must run here");
        }

        Assert.Skip(reason);
    }
}
