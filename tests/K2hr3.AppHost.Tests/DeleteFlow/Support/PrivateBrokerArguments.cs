namespace K2hr3.Tests.DeleteFlow.Support;

/// <summary>
/// AppHost arguments for a processes-mode <c>rabbitmq</c> that collides with nothing: free loopback ports, a unique
/// node name, a temporary data directory, a fixed password (so no generated secret lands in user secrets) and no
/// management plugin (faster start). Deletes the data directory when disposed.
/// </summary>
public sealed class PrivateBrokerArguments : IDisposable
{
    public PrivateBrokerArguments()
    {
        AmqpPort = FreePort.Next();
        DistributionPort = FreePort.Next();
        EpmdPort = FreePort.Next();
        var id = Guid.NewGuid().ToString("N")[..10];
        NodeName = $"k2hr3-dcp-{id}@localhost";
        DataDirectory = Path.Combine(Path.GetTempPath(), $"k2hr3-dcp-rabbitmq-{id}");
        Password = Guid.NewGuid().ToString("N");
    }

    public int AmqpPort { get; }

    public int DistributionPort { get; }

    /// <summary>The node's own epmd: each AppHost of the suite starts and stops its own.</summary>
    public int EpmdPort { get; }

    public string NodeName { get; }

    public string DataDirectory { get; }

    public string Password { get; }

    /// <summary>Processes mode needs Debian's rabbitmq-server; tests skip without it.</summary>
    public static bool ServerInstalled => File.Exists(RabbitMqProcessSettings.DefaultServerPath);

    public string[] Arguments =>
    [
        "--K2hr3:RabbitMq:Runtime=processes",
        $"--K2hr3:RabbitMq:Port={AmqpPort}",
        $"--K2hr3:RabbitMq:DistPort={DistributionPort}",
        $"--K2hr3:RabbitMq:EpmdPort={EpmdPort}",
        "--K2hr3:RabbitMq:Management=false",
        $"--K2hr3:RabbitMq:NodeName={NodeName}",
        $"--K2hr3:RabbitMq:DataDirectory={DataDirectory}",
        $"--Parameters:{RabbitMqResourceBuilderExtensions.PasswordParameterName}={Password}",
        // No Docker here: DCP must not wait for a container runtime before starting executables and projects.
        "--DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00",
    ];

    public void Dispose()
    {
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
