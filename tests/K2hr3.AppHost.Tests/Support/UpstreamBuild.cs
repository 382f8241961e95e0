namespace K2hr3.Tests.Support;

/// <summary>
/// The from-source build of the upstream K2HR3 software (<c>eng/build-upstream.sh</c>) the real-stack tests run:
/// <c>K2HR3_TEST_UPSTREAM_PREFIX</c> names its prefix (.ci/run sets it after building). Without it the tests skip with
/// a one-line reason — unless <c>K2HR3_REQUIRE_UPSTREAM=1</c> (CI, where the sources are at hand), where they fail.
/// </summary>
internal static class UpstreamBuild
{
    public const string PrefixVariable = "K2HR3_TEST_UPSTREAM_PREFIX";

    public static bool Required => Environment.GetEnvironmentVariable("K2HR3_REQUIRE_UPSTREAM") == "1";

    /// <summary>The prefix with chmpx, k2hdkc and both built packages in it; skips (or fails, in CI) otherwise.</summary>
    public static Prefix Require()
    {
        var path = Environment.GetEnvironmentVariable(PrefixVariable);
        if (string.IsNullOrEmpty(path))
        {
            Unavailable($"no from-source build of upstream K2HR3: run `bash eng/build-upstream.sh` and set {PrefixVariable} to the prefix it prints");
        }

        var prefix = new Prefix(path!);
        var missing = new[] { prefix.Chmpx, prefix.ChmpxStatus, prefix.K2hdkc, prefix.ApiEntry, prefix.AppEntry }.Where(file => !File.Exists(file)).ToList();
        if (missing.Count > 0)
        {
            Unavailable($"{PrefixVariable}={path} is incomplete: {string.Join(", ", missing)} missing (run `bash eng/build-upstream.sh` again)");
        }

        return prefix;
    }

    private static void Unavailable(string reason)
    {
        if (Required)
        {
            Assert.Fail(reason + " — K2HR3_REQUIRE_UPSTREAM=1: the real-stack tests must run here");
        }

        Assert.Skip(reason);
    }

    public sealed record Prefix(string Path)
    {
        public string BinDir => System.IO.Path.Combine(Path, "bin");

        public string Chmpx => System.IO.Path.Combine(BinDir, "chmpx");

        public string ChmpxStatus => System.IO.Path.Combine(BinDir, "chmpxstatus");

        public string K2hdkc => System.IO.Path.Combine(BinDir, "k2hdkc");

        public string ApiPackageDir => System.IO.Path.Combine(Path, "k2hr3-api");

        public string AppPackageDir => System.IO.Path.Combine(Path, "k2hr3-app");

        public string ApiEntry => System.IO.Path.Combine(ApiPackageDir, "dist", "src", "bin", "www.js");

        public string AppEntry => System.IO.Path.Combine(AppPackageDir, "dist", "bin", "www.js");

        /// <summary>The one AppHost setting that points the processes runtime at this build.</summary>
        public string Argument => $"--{K2hr3Options.SectionName}:Upstream:Prefix={Path}";
    }
}
