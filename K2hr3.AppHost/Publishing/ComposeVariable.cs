namespace K2hr3.AppHost.Publishing;

/// <summary>
/// A deployment parameter or secret the compose file takes from the environment or <c>.env</c>, which lists it without
/// a value. A required one is written <c>${NAME:?...}</c> (compose refuses to start without a value); an optional one
/// <c>${NAME:-}</c> (empty turns its feature off).
/// </summary>
internal sealed record ComposeVariable(string Name, string Description, bool Required = true)
{
    /// <summary>The broker's password (Aspire parameter <c>rabbitmq-password</c> in run mode).</summary>
    public static readonly ComposeVariable RabbitMqPassword = new("RABBITMQ_PASSWORD", "RabbitMQ password of the guest user (secret; letters and digits: it is embedded in an amqp:// URI)");

    /// <summary>The admin user the osnl-bootstrap service gets a scoped token as (a member of the API's k2hr3admin tenant).</summary>
    public static readonly ComposeVariable AdminUser = new(
        "K2HR3_ADMIN_USER",
        "The K2HR3 admin user osnl-bootstrap authorizes the listener as (any name works with the API's dummyuserapi, "
        + "the default without Keystone). Leave empty only with K2HR3_REGISTRATION_TOKEN.",
        Required: false);

    public static readonly ComposeVariable AdminPassword = new(
        "K2HR3_ADMIN_PASSWORD",
        "Optional (secret): that user's password (Keystone); sent in a request body, never logged.",
        Required: false);

    /// <summary>The administrator's alternative to credentials: a pre-made role token of the delhost role.</summary>
    public static readonly ComposeVariable RegistrationToken = new(
        "K2HR3_REGISTRATION_TOKEN",
        "Optional (secret): an administrator's role token of the delhost role, used instead of the admin user (no role "
        + "is created then); osnl-bootstrap hands it to the listener, which registers its own address with it.",
        Required: false);

    public static readonly IReadOnlyList<ComposeVariable> All = [RabbitMqPassword, AdminUser, AdminPassword, RegistrationToken];

    /// <summary>A literal as compose must write it: <c>$</c> starts an interpolation (e.g. the end of a regex), <c>$$</c> is a <c>$</c>.</summary>
    public static string Literal(string value) => value.Replace("$", "$$", StringComparison.Ordinal);

    /// <summary>The interpolation compose resolves at deploy time.</summary>
    public string Reference => Required ? $"${{{Name}:?set {Name} in .env or the environment}}" : $"${{{Name}:-}}";

    /// <summary>Optional with a non-secret default compose uses when the variable is unset or empty.</summary>
    public string ReferenceWithDefault(string fallback) => $"${{{Name}:-{Literal(fallback)}}}";
}
