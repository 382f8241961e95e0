namespace K2hr3.Tests.Containers;

/// <summary>
/// eng/build-images.sh with stand-ins for podman and debootstrap on PATH (K2HR3_PODMAN names podman): what it asks
/// them to do and what it reports, without a registry, a network or minutes of building. The real build runs in CI
/// (.ci/run) and is exercised by the Podman tests.
/// </summary>
public sealed class BuildImagesScriptTests
{
    private static readonly string Script = Path.Combine(TestData.RepositoryRoot, "eng", "build-images.sh");

    /// <summary>
    /// A podman that records its arguments; "image exists" answers from MISSING_IMAGES, "build" fails when FAIL_BUILD is
    /// set, "import" stores what it read, "pull" fails (no registry).
    /// </summary>
    private const string FakePodman = """
        #!/bin/sh
        echo "$*" >> "$FAKE_LOG"
        case "$1 $2" in
          "image exists") case " $MISSING_IMAGES " in *" $3 "*) exit 1 ;; esac; exit 0 ;;
          "image inspect") case "$*" in *'{{.Id}}'*) echo sha256:base ;; *'{{.Size}}'*) echo 1000000 ;; esac; exit 0 ;;
        esac
        case "$1" in
          pull) echo "Error: initializing source docker://debian: dial tcp: lookup registry-1.docker.io: no such host" >&2; exit 125 ;;
          import) cat > "$FAKE_IMPORT"; exit 0 ;;
          build) echo "STEP 2/4: RUN ldconfig"; [ -z "$FAIL_BUILD" ] || { echo "Error: building at STEP \"RUN ldconfig\": exit status 1" >&2; exit 1; }; exit 0 ;;
        esac
        exit 0
        """;

    /// <summary>debootstrap that makes a tiny root file system in the directory it is given.</summary>
    private const string FakeDebootstrap = """
        #!/bin/sh
        echo "debootstrap $*" >> "$FAKE_LOG"
        for dir; do :; done
        root=$3
        mkdir -p "$root/etc" "$root/usr/share/doc/x" && echo bookworm > "$root/etc/debian_version"
        """;

    [Fact]
    public async Task OfflineBaseIsMadeWithDebootstrapAndImportedUnderTheOfficialName()
    {
        using var dir = new TempDirectory();
        var environment = FakeTools(dir);
        environment["MISSING_IMAGES"] = "docker.io/library/debian:bookworm-slim";

        var result = await CommandLine.RunAsync("bash", [Script, "--base-only", "--offline-base"], TimeSpan.FromMinutes(1), environment);

        Assert.True(result.Succeeded, result.Output);
        var log = File.ReadAllLines(dir.Combine("calls.log"));
        Assert.Contains(log, line => line.StartsWith("debootstrap --variant=minbase bookworm ", StringComparison.Ordinal) && line.EndsWith(" http://deb.debian.org/debian", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.StartsWith("pull", StringComparison.Ordinal));
        Assert.Contains("import --change CMD [\"bash\"] - docker.io/library/debian:bookworm-slim", log);

        // The imported tar is the debootstrapped tree without its docs (what the official slim image leaves out).
        var entries = (await CommandLine.RunAsync("tar", ["-tf", dir.Combine("import.tar")], TimeSpan.FromSeconds(30))).StandardOutput;
        Assert.Contains("./etc/debian_version", entries, StringComparison.Ordinal);
        Assert.DoesNotContain("usr/share/doc/x", entries, StringComparison.Ordinal);
        Assert.Contains("K2hr3:Image:base=docker.io/library/debian:bookworm-slim", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedBuildNamesTheImageTheStepAndTheLog()
    {
        using var dir = new TempDirectory();
        var environment = FakeTools(dir);
        environment["FAIL_BUILD"] = "1";
        environment["MISSING_IMAGES"] = string.Empty;
        var prefix = FakePrefix(dir);

        var result = await CommandLine.RunAsync("bash", [Script, "--prefix", prefix, "--only", "k2hdkc"], TimeSpan.FromMinutes(1), environment);

        Assert.Equal(1, result.ExitCode);
        var logFile = dir.Combine("logs", "k2hdkc.build.log");
        Assert.Contains($"error: image k2hdkc: step 'build' failed (log: {logFile})", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("  | Error: building at STEP \"RUN ldconfig\": exit status 1", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("--K2hr3:Images:", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(logFile));
    }

    [Fact]
    public async Task UnknownImageIsRefusedByName()
    {
        using var dir = new TempDirectory();
        var environment = FakeTools(dir);
        environment["MISSING_IMAGES"] = string.Empty;

        var result = await CommandLine.RunAsync("bash", [Script, "--prefix", FakePrefix(dir), "--only", "k2hdkcc"], TimeSpan.FromMinutes(1), environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown image 'k2hdkcc'", result.StandardError, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> FakeTools(TempDirectory dir)
    {
        var bin = dir.Combine("bin");
        Directory.CreateDirectory(bin);
        K2hr3.Tests.AppHost.FakeInstallation.WriteExecutable(Path.Combine(bin, "podman"), FakePodman.ReplaceLineEndings("\n") + "\n");
        K2hr3.Tests.AppHost.FakeInstallation.WriteExecutable(Path.Combine(bin, "debootstrap"), FakeDebootstrap.ReplaceLineEndings("\n") + "\n");
        return new Dictionary<string, string>
        {
            ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
            ["K2HR3_PODMAN"] = Path.Combine(bin, "podman"),
            ["K2HR3_IMAGES_LOG_DIR"] = dir.Combine("logs"),
            ["FAKE_LOG"] = dir.Combine("calls.log"),
            ["FAKE_IMPORT"] = dir.Combine("import.tar"),
        };
    }

    /// <summary>The files the script checks for in an upstream build (empty: the stand-in podman builds nothing).</summary>
    private static string FakePrefix(TempDirectory dir)
    {
        var prefix = dir.Combine("prefix");
        foreach (var file in new[] { "bin/chmpx", "bin/chmpxstatus", "bin/k2hdkc", "lib/libk2hdkc.so.1", "k2hr3-api/dist/src/bin/www.js", "k2hr3-app/dist/bin/www.js" })
        {
            var path = Path.Combine(prefix, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, string.Empty);
        }

        return prefix;
    }
}
