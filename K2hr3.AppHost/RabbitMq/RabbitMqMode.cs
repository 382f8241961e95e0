using Microsoft.Extensions.Configuration;

namespace K2hr3.AppHost.RabbitMq;

/// <summary>How the <c>rabbitmq</c> resource is provided.</summary>
public enum RabbitMqMode
{
    /// <summary>A broker that already runs (e.g. OpenStack's own): <c>ConnectionStrings:rabbitmq</c> is set.</summary>
    Existing,

    /// <summary>The <c>rabbitmq</c> image with the management plugin (Aspire.Hosting.RabbitMQ).</summary>
    Containers,

    /// <summary>The host's <c>rabbitmq-server</c> run by DCP as a private node (own name, ports and data directory).</summary>
    Processes,
}

/// <summary>
/// Chooses the <see cref="RabbitMqMode"/>: an existing broker when <c>ConnectionStrings:rabbitmq</c> is set, else
/// <c>K2hr3:RabbitMq:Runtime</c>, else the global <c>K2hr3:Runtime</c> (<c>containers</c> | <c>processes</c> | <c>auto</c>).
/// </summary>
public static class RabbitMqModeSelector
{
    public const string RuntimeKey = "K2hr3:RabbitMq:Runtime";
    public const string GlobalRuntimeKey = "K2hr3:Runtime";

    /// <param name="configuration">The AppHost configuration.</param>
    /// <param name="containerRuntimeAvailable">Consulted only for <c>auto</c>.</param>
    /// <exception cref="InvalidOperationException">The runtime setting has a value we do not know.</exception>
    public static RabbitMqMode Select(IConfiguration configuration, Func<bool> containerRuntimeAvailable)
    {
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(RabbitMqResourceBuilderExtensions.ResourceName)))
        {
            return RabbitMqMode.Existing;
        }

        var (key, value) = !string.IsNullOrWhiteSpace(configuration[RuntimeKey])
            ? (RuntimeKey, configuration[RuntimeKey]!)
            : (GlobalRuntimeKey, configuration[GlobalRuntimeKey] ?? "auto");

        return value.Trim().ToLowerInvariant() switch
        {
            "containers" or "container" => RabbitMqMode.Containers,
            "processes" or "process" => RabbitMqMode.Processes,
            "auto" or "" => containerRuntimeAvailable() ? RabbitMqMode.Containers : RabbitMqMode.Processes,
            _ => throw new InvalidOperationException(
                $"{key}={value}: unknown runtime; use containers, processes or auto (or set ConnectionStrings:rabbitmq for an existing broker)"),
        };
    }
}
