namespace K2hr3.Tests.RabbitMq;

/// <summary>The files that make the host's rabbitmq-server a private, loopback-only node.</summary>
public sealed class RabbitMqProcessFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "k2hr3-rmq-files-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void ThePasswordHashIsRabbitMqsSaltedSha256()
    {
        // The worked example of RabbitMQ's password-hashing guide: salt 908DC60A, password "test12".
        Assert.Equal("kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR", RabbitMqPasswordHash.Compute("test12", Convert.FromHexString("908DC60A")));
    }

    [Fact]
    public void TheDefinitionsHoldOneAdministratorWithAHashedPasswordOnly()
    {
        var definitions = JsonNode.Parse(RabbitMqProcessFiles.RenderDefinitions("plain-text-secret"))!;

        Assert.DoesNotContain("plain-text-secret", definitions.ToJsonString(), StringComparison.Ordinal);
        var user = Assert.Single(definitions["users"]!.AsArray())!;
        Assert.Equal(RabbitMqProcessSettings.UserName, user["name"]!.GetValue<string>());
        Assert.Equal(RabbitMqPasswordHash.Algorithm, user["hashing_algorithm"]!.GetValue<string>());
        var permission = Assert.Single(definitions["permissions"]!.AsArray())!;
        Assert.Equal(("/", ".*"), (permission["vhost"]!.GetValue<string>(), permission["configure"]!.GetValue<string>()));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void EveryListenerIsOnLoopbackAndTheDefinitionsFileIsPrivate()
    {
        var settings = new RabbitMqProcessSettings { DataDirectory = _directory, AmqpPort = 41011, ManagementPort = 41013 };
        var files = new RabbitMqProcessFiles(settings);

        files.Write("secret");

        var config = File.ReadAllText(files.ConfigFileBase + ".conf");
        Assert.Contains("listeners.tcp.1 = 127.0.0.1:41011\n", config, StringComparison.Ordinal);
        Assert.Contains($"load_definitions = {files.DefinitionsFile}\n", config, StringComparison.Ordinal);
        Assert.Contains("management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = 41013\n", config, StringComparison.Ordinal);
        Assert.Equal("[rabbitmq_management].\n", File.ReadAllText(files.EnabledPluginsFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.DefinitionsFile));
        Assert.Equal("-kernel inet_dist_use_interface {127,0,0,1}", files.Environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"]);
    }

    [Fact]
    public void WithoutManagementNoPluginIsEnabledAndNoManagementListenerConfigured()
    {
        var files = new RabbitMqProcessFiles(new RabbitMqProcessSettings { DataDirectory = _directory, Management = false });

        files.Write("secret");

        Assert.Equal("[].\n", File.ReadAllText(files.EnabledPluginsFile));
        Assert.DoesNotContain("management", File.ReadAllText(files.ConfigFileBase + ".conf"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
