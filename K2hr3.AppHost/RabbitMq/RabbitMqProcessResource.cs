namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// The host's <c>rabbitmq-server</c> run by DCP as a private node. Its AMQP endpoint is not proxied and has a fixed
/// port (the broker writes it into its own config), so the connection string is known before the process starts.
/// </summary>
public sealed class RabbitMqProcessResource(string name, RabbitMqProcessSettings settings, ParameterResource password)
    : ExecutableResource(name, settings.ServerPath, settings.DataDirectory), IResourceWithConnectionString
{
    public const string AmqpEndpointName = "amqp";
    public const string ManagementEndpointName = "management";

    public RabbitMqProcessSettings Settings { get; } = settings;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference AmqpEndpoint => new(this, AmqpEndpointName);

    /// <summary>
    /// <c>amqp://k2hr3:&lt;password&gt;@127.0.0.1:&lt;port&gt;/</c>. 127.0.0.1, not localhost: the broker listens on IPv4
    /// loopback only, and localhost may resolve to ::1 first.
    /// </summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{RabbitMqProcessSettings.UserName}:{PasswordParameter:uri}@127.0.0.1:{AmqpEndpoint.Property(EndpointProperty.Port)}/");
}
