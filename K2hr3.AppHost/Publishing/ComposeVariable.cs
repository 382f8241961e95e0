namespace K2hr3.AppHost.Publishing;

/// <summary>
/// A deployment parameter or secret the compose file takes from the environment or <c>.env</c>, which lists it without
/// a value. A required one is written <c>${NAME:?...}</c> (compose refuses to start without a value); an optional one
/// <c>${NAME:-}</c> (empty turns its feature off).
/// </summary>
public sealed record ComposeVariable(string Name, string Description, bool Required = true)
{
    /// <summary>The broker's password (Aspire parameter <c>rabbitmq-password</c> in run mode).</summary>
    public static readonly ComposeVariable RabbitMqPassword = new("RABBITMQ_PASSWORD", "RabbitMQ password of the guest user (secret; letters and digits: it is embedded in an amqp:// URI)");

    /// <summary>
    /// Compose has no bootstrap (run mode's osnl-bootstrap obtains this token from the API), so the operator supplies it.
    /// </summary>
    public static readonly ComposeVariable RegistrationToken = new(
        "K2HR3_REGISTRATION_TOKEN",
        "Optional (secret): a K2HR3 role token (R=...) of the delhost role; with it the listener registers its own address "
        + "there at start. Empty: no self-registration, add the listener's address to the delhost role yourself.",
        Required: false);

    public static readonly IReadOnlyList<ComposeVariable> All = [RabbitMqPassword, RegistrationToken];

    /// <summary>A literal as compose must write it: <c>$</c> starts an interpolation (e.g. the end of a regex), <c>$$</c> is a <c>$</c>.</summary>
    public static string Literal(string value) => value.Replace("$", "$$", StringComparison.Ordinal);

    /// <summary>The interpolation compose resolves at deploy time.</summary>
    public string Reference => Required ? $"${{{Name}:?set {Name} in .env or the environment}}" : $"${{{Name}:-}}";
}
