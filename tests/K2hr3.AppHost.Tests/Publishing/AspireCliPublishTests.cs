namespace K2hr3.Tests.Publishing;

/// <summary>
/// <c>aspire publish -o DIR</c> (the Aspire CLI, the local tool pinned in dotnet-tools.json) writes exactly the artifacts
/// the other publishing tests inspect, which come from the command for machines without the CLI
/// (<c>dotnet run -- --operation publish …</c>). Skipped until <c>dotnet tool restore</c> has run (.ci/setup-machine runs it).
/// </summary>
[Collection(PublishedDeploymentCollection.Name)]
public sealed class AspireCliPublishTests(PublishedDeployment deployment)
{
    private static readonly string AppHostProject = Path.Combine(TestData.RepositoryRoot, "K2hr3.AppHost", "K2hr3.AppHost.csproj");

    [Fact]
    public async Task AspirePublishWritesTheSameArtifactsAsThePublishWithoutTheCli()
    {
        var version = await Aspire(["--version"], TimeSpan.FromMinutes(1));
        if (!version.Succeeded)
        {
            Assert.Skip($"the Aspire CLI is not restored (run dotnet tool restore): {version.Output.Trim().Split('\n')[0]}");
        }

        using var output = new TempDirectory("k2hr3-publish-cli-");

        var result = await Aspire(
            [
                "publish", "--apphost", AppHostProject, "--no-build", "-o", output.Path, "--non-interactive", "--nologo", "--",
                $"--Parameters:rabbitmq-password={PublishedDeployment.RabbitMqPassword}",
                // The same data folder, and an output folder beside it, so the manifest's relative bind-mount sources match.
                $"--K2hr3:DataDir={deployment.DataDirectory}",
            ],
            TimeSpan.FromMinutes(3));

        Assert.True(result.Succeeded, $"aspire publish failed ({result.ExitCode}):\n{result.Output}");
        Assert.DoesNotContain(PublishedDeployment.RabbitMqPassword, result.Output, StringComparison.Ordinal);
        var expected = Files(deployment.OutputDirectory);
        var actual = Files(output.Path);
        Assert.Contains("docker-compose.yaml", actual.Keys);
        Assert.Contains(".env", actual.Keys);
        Assert.Contains("aspire-manifest.json", actual.Keys);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs between aspire publish and dotnet run -- --operation publish");
        }
    }

    private static Task<CommandLine.Result> Aspire(IEnumerable<string> arguments, TimeSpan timeout) =>
        CommandLine.RunAsync(
            "dotnet",
            ["tool", "run", "aspire", "--", .. arguments],
            timeout,
            new Dictionary<string, string>
            {
                // --no-build runs the build the tests use; the CLI has no configuration option, MSBuild reads this one.
                ["Configuration"] = PublishedDeployment.BuildConfiguration,
                ["ASPIRE_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            },
            workingDirectory: TestData.RepositoryRoot);

    private static Dictionary<string, byte[]> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(root, path), File.ReadAllBytes, StringComparer.Ordinal);
}
