namespace K2hr3.Osnl.Worker.Api;

/// <summary>
/// How the listener registers its own address in the K2HR3 delhost role, the way K2HR3 VMs register themselves
/// (k2hr3.md §2): <c>PUT &lt;api&gt;/v1/role/&lt;role&gt;?port=0&amp;tag=&lt;tag&gt;</c> with <c>x-auth-token: R=&lt;role token&gt;</c>
/// and no <c>host</c> parameter, so the API records the address it sees the request come from — the same address it
/// checks on <c>DELETE /v1/role?cuk=</c>. Configured by <c>K2hr3:Api:RegistrationToken</c> (secret) or
/// <c>K2hr3:Api:RegistrationTokenFile</c> (a file holding it, written by <c>k2hr3-osnl bootstrap</c>),
/// <c>K2hr3:Api:RegistrationRole</c> and <c>K2hr3:Api:RegistrationTag</c>.
/// </summary>
public sealed record SelfRegistrationOptions
{
    public const string Section = "K2hr3:Api";
    public const string DefaultRole = "delhostrole";
    public const string DefaultTag = "k2hr3-osnl";

    public required string Token { get; init; }

    /// <summary>Role name (in the token's tenant) or full role yrn; may be hierarchical (<c>a/b</c>).</summary>
    public string Role { get; init; } = DefaultRole;

    /// <summary>Stored with the registration so operators (and the AppHost's bootstrap) can tell this entry apart.</summary>
    public string Tag { get; init; } = DefaultTag;

    /// <summary>The registration URL: the role below the API's <c>/v1/role</c> URL.</summary>
    public required Uri RequestUri { get; init; }

    /// <summary>Never print the token.</summary>
    public override string ToString() => $"role {Role} at {RequestUri.GetLeftPart(UriPartial.Path)} (tag {Tag})";

    /// <summary>The options, or null when no registration token is configured (registration is then off).</summary>
    /// <param name="configuration">The worker's .NET configuration.</param>
    /// <param name="api">The validated API settings; <see cref="ApiSettings.ApiUrl"/> is <c>…/v1/role</c>.</param>
    /// <exception cref="OsnlConfigurationException"><c>K2hr3:Api:RegistrationTokenFile</c> cannot be read or is empty.</exception>
    public static SelfRegistrationOptions? FromConfiguration(IConfiguration configuration, ApiSettings api)
    {
        var section = configuration.GetSection(Section);
        if ((section["RegistrationToken"] is { Length: > 0 } given ? given : ReadTokenFile(section["RegistrationTokenFile"])) is not { } token)
        {
            return null;
        }

        var role = section["RegistrationRole"] is { Length: > 0 } configuredRole ? configuredRole.Trim() : DefaultRole;
        var tag = section["RegistrationTag"] is { Length: > 0 } configuredTag ? configuredTag.Trim() : DefaultTag;
        var rolePath = string.Join('/', role.Split('/').Select(Uri.EscapeDataString));
        var roleUrl = api.ApiUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new SelfRegistrationOptions
        {
            Token = token.Trim(),
            Role = role,
            Tag = tag,
            RequestUri = new Uri($"{roleUrl}/{rolePath}?port=0&tag={Uri.EscapeDataString(tag)}"),
        };
    }

    /// <summary>Whether this listener must be registered to be healthy (<c>K2hr3:Api:RegistrationRequired</c>; the AppHost sets it).</summary>
    public static bool Required(IConfiguration configuration) => configuration.GetValue($"{Section}:RegistrationRequired", false);

    /// <summary>
    /// The token the published deployment's bootstrap wrote (<c>k2hr3-osnl bootstrap</c>): a file keeps the secret out
    /// of the compose file and of <c>docker inspect</c>. Null when no file is configured.
    /// </summary>
    private static string? ReadTokenFile(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OsnlConfigurationException($"{Section}:RegistrationTokenFile", path, $"cannot read the role token: {ex.Message}");
        }

        return text.Length > 0 ? text : throw new OsnlConfigurationException($"{Section}:RegistrationTokenFile", path, "the file is empty (the bootstrap writes the role token there)");
    }
}
