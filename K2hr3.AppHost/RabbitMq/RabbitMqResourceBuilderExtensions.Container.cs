namespace K2hr3.AppHost.RabbitMq;

/// <summary>The containers half: Aspire.Hosting.RabbitMQ's container, or the image <see cref="ImageKey"/> names.</summary>
public static partial class RabbitMqResourceBuilderExtensions
{
    /// <summary>A broker image in place of Aspire's (e.g. the local one eng/build-images.sh builds).</summary>
    public const string ImageKey = "K2hr3:Images:RabbitMq";

    private static IResourceBuilder<RabbitMQServerResource> AddRabbitMqContainer(this IDistributedApplicationBuilder builder) =>
        builder.AddRabbitMQ(ResourceName).WithManagementPlugin().WithConfiguredImage(builder.Configuration[ImageKey]);

    /// <summary>
    /// <c>registry/repository:tag</c> from <see cref="ImageKey"/> in place of Aspire's image; the management plugin must
    /// be in it (the local image enables it).
    /// </summary>
    private static IResourceBuilder<RabbitMQServerResource> WithConfiguredImage(this IResourceBuilder<RabbitMQServerResource> rabbitmq, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return rabbitmq;
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var colon = reference.LastIndexOf(':');
        if (slash <= 0 || colon <= reference.LastIndexOf('/') || colon == reference.Length - 1)
        {
            throw new InvalidOperationException($"{ImageKey}={reference}: expected registry/repository:tag, e.g. localhost/k2hr3/rabbitmq:3.10.8");
        }

        return rabbitmq
            .WithImageRegistry(reference[..slash])
            .WithImage(reference[(slash + 1)..colon], reference[(colon + 1)..]);
    }
}
