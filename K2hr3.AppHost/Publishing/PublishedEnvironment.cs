using K2hr3.AppHost.RabbitMq;

namespace K2hr3.AppHost.Publishing;

/// <summary>
/// A resource's environment as its model callbacks produce it in publish mode, reduced to what a compose file can
/// carry: literals are kept, the broker's password parameter becomes its <see cref="ComposeVariable"/> reference, and
/// anything that only has a value at run time (endpoints, connection strings, other parameters) is left out for the
/// caller to write in compose terms. A parameter's value is never read, so no secret can reach an artifact.
/// </summary>
internal static class PublishedEnvironment
{
    public static async Task<Dictionary<string, string>> EvaluateAsync(IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var raw = new Dictionary<string, object>(StringComparer.Ordinal);
        if (resource.TryGetEnvironmentVariables(out var callbacks))
        {
            var context = new EnvironmentCallbackContext(executionContext, resource, raw, cancellationToken);
            foreach (var callback in callbacks)
            {
                await callback.Callback(context).ConfigureAwait(false);
            }
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in raw)
        {
            if (Publishable(value) is { } published)
            {
                environment[name] = published;
            }
        }

        return environment;
    }

    private static string? Publishable(object value) => value switch
    {
        string literal => ComposeVariable.Literal(literal),
        ParameterResource { Name: RabbitMqResourceBuilderExtensions.PasswordParameterName } => ComposeVariable.RabbitMqPassword.Reference,
        ParameterResource { Secret: true } parameter => throw new InvalidOperationException(
            $"parameter {parameter.Name} is a secret the compose file has no variable for"),

        // e.g. RabbitMQ's user name: ReferenceExpression.Create($"{DefaultUserName}") is a literal in disguise.
        ReferenceExpression { ValueProviders.Count: 0 } expression => ComposeVariable.Literal(expression.Format),
        ReferenceExpression { Format: "{0}", ValueProviders: [var single] } => Publishable(single),
        _ => null,
    };
}
