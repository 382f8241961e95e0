namespace K2hr3.Tests.Publishing;

/// <summary>
/// Runs the AppHost's publish once, the way a user without the Aspire CLI does
/// (<c>dotnet run --project K2hr3.AppHost -- --operation publish --step publish --output-path DIR</c>), with known
/// secret values in its configuration, and parses the compose file.
/// </summary>
public sealed class PublishedDeployment : IAsyncLifetime
{
    /// <summary>Given to the AppHost as the rabbitmq-password parameter; must appear in no artifact.</summary>
    public const string RabbitMqPassword = "S3cr3t-rabbit-7f1c2e9a";

    /// <summary>The bootstrap's secrets in the AppHost's configuration: they too must appear in no artifact.</summary>
    public const string AdminPassword = "S3cr3t-admin-0b5d1c77";
    public const string RegistrationToken = "S3cr3t-roletoken-93e1aa40";

    public static readonly IReadOnlyList<string> Secrets = [RabbitMqPassword, AdminPassword, RegistrationToken];

    private readonly TempDirectory output = new("k2hr3-publish-");
    private readonly TempDirectory dataDir = new("k2hr3-publish-data-");

    public string OutputDirectory => output.Path;

    /// <summary>The run-mode data folder the publish was given (<c>K2hr3:DataDir</c>).</summary>
    public string DataDirectory => dataDir.Path;

    public string PublishLog { get; private set; } = string.Empty;

    public YamlMappingNode Compose { get; private set; } = new();

    public static string BuildConfiguration { get; } =
        typeof(PublishedDeployment).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public ValueTask InitializeAsync() => PublishAsync([]);

    /// <summary>A publish of its own with extra AppHost settings (the shared fixture uses the defaults).</summary>
    public static async Task<PublishedDeployment> PublishWithAsync(params string[] settings)
    {
        var deployment = new PublishedDeployment();
        await deployment.PublishAsync(settings);
        return deployment;
    }

    private async ValueTask PublishAsync(string[] settings)
    {
        // --no-build: the test project references the AppHost, so it is built in this configuration already.
        var result = await CommandLine.RunAsync(
            "dotnet",
            [
                "run", "--project", Path.Combine(TestData.RepositoryRoot, "K2hr3.AppHost"), "--no-build", "-c", BuildConfiguration, "--no-launch-profile", "--",
                "--operation", "publish", "--step", "publish", "--output-path", output.Path,
                $"--Parameters:rabbitmq-password={RabbitMqPassword}",

                // Keeps the run-mode data folder (which the publish also fills for the manifest's bind mounts) private to this test.
                $"--K2hr3:DataDir={dataDir.Path}",
                $"--K2hr3:Api:Password={AdminPassword}",
                $"--K2hr3:Api:RegistrationToken={RegistrationToken}",
                .. settings,
            ],
            TimeSpan.FromMinutes(3));
        PublishLog = result.Output;
        Assert.True(result.Succeeded, $"publish failed ({result.ExitCode}):\n{result.Output}");

        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(output.Path, "docker-compose.yaml")))
        {
            yaml.Load(reader);
        }

        Compose = (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    public string PathOf(string relative) => Path.Combine(output.Path, relative);

    public YamlMappingNode Services => Compose.Map("services");

    public YamlMappingNode Service(string name) => Services.Map(name);

    public ValueTask DisposeAsync()
    {
        output.Dispose();
        dataDir.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One publish shared by every test class that inspects its output (a publish takes ~10 s).</summary>
[CollectionDefinition(Name)]
public sealed class PublishedDeploymentCollection : ICollectionFixture<PublishedDeployment>
{
    public const string Name = "published deployment";
}

/// <summary>Navigation over YamlDotNet's representation model with assertion messages that name the key.</summary>
internal static class YamlNodes
{
    public static YamlMappingNode Map(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Child(key));

    public static YamlNode Child(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : throw new Xunit.Sdk.XunitException($"no '{key}' in {string.Join(", ", node.Children.Keys)}");

    public static bool Has(this YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    public static string Scalar(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(node.Child(key)).Value!;

    public static string[] List(this YamlMappingNode node, string key) =>
        [.. Assert.IsType<YamlSequenceNode>(node.Child(key)).Children.Select(c => Assert.IsType<YamlScalarNode>(c).Value!)];

    public static string[] Keys(this YamlMappingNode node) =>
        [.. node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];
}
