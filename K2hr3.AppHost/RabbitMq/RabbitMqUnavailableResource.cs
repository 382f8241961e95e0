namespace K2hr3.AppHost.RabbitMq;

/// <summary>The <c>rabbitmq</c> resource when processes mode is chosen but <c>rabbitmq-server</c> is not installed.</summary>
public sealed class RabbitMqUnavailableResource(string name, string reason) : Resource(name), IResourceWithConnectionString
{
    public string Reason { get; } = reason;

    /// <summary>Never resolved: nothing references or waits for this resource.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"");
}
