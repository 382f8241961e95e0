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

    /// <summary>Skips (or fails where required) unless podman can run a container here.</summary>
    public static void RequirePodman()
    {
        if (!File.Exists("/usr/bin/podman"))
        {
            Unavailable("podman is not installed (sudo bash .ci/setup-machine installs it)");
        }

        var status = new K2hr3.AppHost.Hosting.CliContainerRuntimeProbe().Probe("podman");
        if (!status.CanRun)
        {
            Unavailable(status.Detail);
        }
    }

    /// <summary>Skips (or fails where required) unless every named image is in podman's local store.</summary>
    public static void RequireImages(params string[] images)
    {
        RequirePodman();
        var missing = images.Where(image => !CommandLine.RunAsync("podman", ["image", "exists", image], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult().Succeeded).ToList();
        if (missing.Count > 0)
        {
            Unavailable($"{string.Join(", ", missing)} not built: run `bash eng/build-images.sh`");
        }
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
