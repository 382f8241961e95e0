namespace K2hr3.Tests.Publishing;

/// <summary>What else the publish writes: the configs run mode renders, .env, the Aspire manifest, and no secret.</summary>
[Collection(PublishedDeploymentCollection.Name)]
public sealed class PublishedArtifactsTests(PublishedDeployment deployment)
{
    [Fact]
    public void ConfigFilesAreByteForByteWhatTheContainersRunModeRenders()
    {
        // The model AddK2hr3Cluster builds for `dotnet run` with K2hr3:Runtime=containers (rendering is pure).
        using var dataDir = new TempDirectory();
        var options = new K2hr3Options { Runtime = K2hr3Runtime.Containers, DataDir = dataDir.Path };
        var paths = K2hr3Paths.Create(options, Path.Combine(TestData.RepositoryRoot, "K2hr3.AppHost"));
        var runMode = K2hr3ClusterModel.Create(options, K2hr3Runtime.Containers, paths, KeystoneSettings.Dummy);

        var rendered = runMode.RenderFiles();
        Assert.Equal(4, rendered.Count);
        foreach (var file in rendered)
        {
            Assert.Equal(file.Content, File.ReadAllText(deployment.PathOf(Path.Combine("config", file.RelativePath))));
        }

        var published = Directory.EnumerateFiles(deployment.PathOf("config"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(deployment.PathOf("config"), f))
            .Order(StringComparer.Ordinal);
        Assert.Equal(rendered.Select(f => f.RelativePath).Order(StringComparer.Ordinal), published);
    }

    [Fact]
    public void NoSecretValueAppearsInAnyArtifact()
    {
        var files = Directory.EnumerateFiles(deployment.OutputDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count >= 10, $"only {files.Count} files published");
        foreach (var secret in PublishedDeployment.Secrets)
        {
            Assert.All(files, file => Assert.DoesNotContain(secret, File.ReadAllText(file), StringComparison.Ordinal));
            Assert.DoesNotContain(secret, deployment.PublishLog, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EnvFileNamesEveryComposeVariableWithoutAValue()
    {
        var assignments = File.ReadAllLines(deployment.PathOf(".env"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToArray();
        Assert.Equal(ComposeVariable.All.Select(v => $"{v.Name}="), assignments);

        var compose = File.ReadAllText(deployment.PathOf("docker-compose.yaml"));
        Assert.All(ComposeVariable.All.Except([ComposeVariable.AdminUser]), v => Assert.Contains(v.Reference, compose, StringComparison.Ordinal));

        // Without Keystone the API's dummyuserapi takes any user name: the bootstrap works before .env names one.
        Assert.Contains(ComposeVariable.AdminUser.ReferenceWithDefault("admin"), compose, StringComparison.Ordinal);
    }

    [Fact]
    public void AspireManifestIsWrittenBesideTheComposeFile()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(deployment.PathOf("aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources");
        foreach (var name in new[] { "k2hdkc-0", "k2hdkc-1", K2hr3ClusterModel.ApiResourceName, K2hr3ClusterModel.AppResourceName, "osnl" })
        {
            Assert.True(resources.TryGetProperty(name, out _), $"{name} missing from the manifest");
        }

        Assert.Equal("docker.io/antpickax/k2hr3-api:1.0.42", resources.GetProperty(K2hr3ClusterModel.ApiResourceName).GetProperty("image").GetString());
    }
}
