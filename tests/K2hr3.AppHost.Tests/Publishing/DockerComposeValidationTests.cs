namespace K2hr3.Tests.Publishing;

/// <summary>docker-compose itself (Debian's 1.29, no engine needed) accepts the published file.</summary>
[Collection(PublishedDeploymentCollection.Name)]
public sealed class DockerComposeValidationTests(PublishedDeployment deployment)
{
    [Fact]
    public async Task DockerComposeConfigValidatesTheFileOnceThePasswordIsSet()
    {
        var compose = RequireDockerCompose();
        var result = await CommandLine.RunAsync(
            compose,
            ["-f", deployment.PathOf("docker-compose.yaml"), "config", "-q"],
            TestConstants.LongTimeout,
            new Dictionary<string, string> { ["RABBITMQ_PASSWORD"] = "placeholder-for-validation" },
            deployment.OutputDirectory);
        Assert.True(result.Succeeded, result.Output);
    }

    [Fact]
    public async Task DockerComposeRefusesTheFileWhileThePasswordInEnvIsEmpty()
    {
        var compose = RequireDockerCompose();
        var result = await CommandLine.RunAsync(compose, ["-f", deployment.PathOf("docker-compose.yaml"), "config", "-q"], TestConstants.LongTimeout, workingDirectory: deployment.OutputDirectory);
        Assert.False(result.Succeeded);
        Assert.Contains("set RABBITMQ_PASSWORD in .env or the environment", result.Output, StringComparison.Ordinal);
    }

    private static string RequireDockerCompose()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "docker-compose"))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Skip("docker-compose is not installed (apt-get install docker-compose; .ci/setup-machine does)");
        }

        return found;
    }
}
