namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// Settings of the private <c>rabbitmq-server</c> node (processes mode), from <c>K2hr3:RabbitMq:*</c>.
/// The defaults keep clear of a system broker (AMQP 5672, distribution 25672, management 15672) and of Linux's ephemeral
/// range (32768–60999), where an outgoing connection that happens to hold the port would keep the broker from listening.
/// </summary>
public sealed record RabbitMqProcessSettings
{
    public const string Section = "K2hr3:RabbitMq";

    /// <summary>Debian's entry point; <c>/usr/sbin/rabbitmq-server</c> would <c>su</c> to the system user.</summary>
    public const string DefaultServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public const int DefaultAmqpPort = 18672;
    public const int DefaultDistributionPort = 18673;
    public const int DefaultManagementPort = 18674;

    /// <summary>The node's own epmd, not the system's 4369: one the AppHost can stop without touching anyone else's.</summary>
    public const int DefaultEpmdPort = 18675;
    public const string DefaultNodeName = "k2hr3-rabbitmq@localhost";

    /// <summary>The broker user the connection string carries (the password is the <c>rabbitmq-password</c> parameter).</summary>
    public const string UserName = "k2hr3";

    public string ServerPath { get; init; } = DefaultServerPath;

    public int AmqpPort { get; init; } = DefaultAmqpPort;

    public int DistributionPort { get; init; } = DefaultDistributionPort;

    public int ManagementPort { get; init; } = DefaultManagementPort;

    public int EpmdPort { get; init; } = DefaultEpmdPort;

    /// <summary>The management plugin costs a few seconds of start-up; tests turn it off.</summary>
    public bool Management { get; init; } = true;

    /// <summary>Unique per host: the node registers under this name with its epmd.</summary>
    public string NodeName { get; init; } = DefaultNodeName;

    /// <summary>Mnesia, logs, generated config files and the Erlang cookie live below this directory.</summary>
    public required string DataDirectory { get; init; }

    /// <param name="configuration">The AppHost configuration.</param>
    /// <param name="appHostDirectory">Base of the default data directory: <c>&lt;K2hr3:DataDir&gt;/rabbitmq</c>, where
    /// <c>K2hr3:DataDir</c> defaults to <c>&lt;AppHost&gt;/obj/k2hr3</c> like the rest of the cluster's generated files.</param>
    public static RabbitMqProcessSettings FromConfiguration(IConfiguration configuration, string appHostDirectory)
    {
        var section = configuration.GetSection(Section);
        var dataRoot = configuration["K2hr3:DataDir"] is { Length: > 0 } root
            ? root
            : Path.Combine(appHostDirectory, "obj", "k2hr3");
        var settings = new RabbitMqProcessSettings
        {
            ServerPath = section["ServerPath"] is { Length: > 0 } path ? path : DefaultServerPath,
            AmqpPort = section.GetValue("Port", DefaultAmqpPort),
            DistributionPort = section.GetValue("DistPort", DefaultDistributionPort),
            ManagementPort = section.GetValue("ManagementPort", DefaultManagementPort),
            EpmdPort = section.GetValue("EpmdPort", DefaultEpmdPort),
            Management = section.GetValue("Management", true),
            NodeName = section["NodeName"] is { Length: > 0 } node ? node : DefaultNodeName,
            DataDirectory = Path.GetFullPath(section["DataDirectory"] is { Length: > 0 } dir ? dir : Path.Combine(dataRoot, "rabbitmq")),
        };
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        int[] ports = Management ? [AmqpPort, DistributionPort, EpmdPort, ManagementPort] : [AmqpPort, DistributionPort, EpmdPort];
        if (ports.Any(p => p is < 1 or > 65535) || ports.Distinct().Count() != ports.Length)
        {
            throw new InvalidOperationException(
                $"{Section}: Port={AmqpPort}, DistPort={DistributionPort}, EpmdPort={EpmdPort}, ManagementPort={ManagementPort}: ports must be distinct and in 1..65535");
        }

        if (!NodeName.Contains('@', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Section}:NodeName={NodeName}: expected <name>@<host>, e.g. {DefaultNodeName}");
        }
    }
}
