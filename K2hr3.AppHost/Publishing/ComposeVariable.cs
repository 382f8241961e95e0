namespace K2hr3.AppHost.Publishing;

/// <summary>
/// A deployment parameter or secret the compose file takes from the environment or <c>.env</c>: the file names it as
/// <c>${NAME:?...}</c> (compose refuses to start without a value) and <c>.env</c> lists it without a value.
/// </summary>
public sealed record ComposeVariable(string Name, string Description)
{
    /// <summary>The broker's password (Aspire parameter <c>rabbitmq-password</c> in run mode).</summary>
    public static readonly ComposeVariable RabbitMqPassword = new("RABBITMQ_PASSWORD", "RabbitMQ password of the guest user (secret; letters and digits: it is embedded in an amqp:// URI)");

    public static readonly IReadOnlyList<ComposeVariable> All = [RabbitMqPassword];

    /// <summary>The interpolation compose resolves at deploy time.</summary>
    public string Reference => $"${{{Name}:?set {Name} in .env or the environment}}";
}
