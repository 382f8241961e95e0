namespace K2hr3.AppHost.Api;

/// <summary>
/// How k2hr3-api authenticates users: <c>dummyuserapi</c> (no Keystone; any user name, tenants tenant0..4) unless
/// a Keystone URL is configured, then <c>openstackapiv3</c> with <c>eplist = { region: url }</c>.
/// </summary>
internal sealed record KeystoneSettings
{
    public const string DummyType = "dummyuserapi";

    public const string OpenStackV3Type = "openstackapiv3";

    public const string DefaultRegion = "RegionOne";

    public static readonly KeystoneSettings Dummy = new(null, DefaultRegion);

    private KeystoneSettings(string? url, string region)
    {
        Url = url;
        Region = region;
    }

    /// <summary>Keystone base URL without <c>/v3</c> (the API appends <c>/v3/auth/tokens</c> itself); null = dummy.</summary>
    public string? Url { get; }

    /// <summary>Key of the eplist entry; must equal the identity endpoint's region in Keystone's catalog.</summary>
    public string Region { get; }

    public bool IsDummy => Url is null;

    public string Type => IsDummy ? DummyType : OpenStackV3Type;

    /// <summary>Keystone v3 at <paramref name="url"/>; a trailing <c>/v3</c> or '/' is dropped (k2hr3.md §5).</summary>
    public static KeystoneSettings OpenStack(string url, string? region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"Parameter keystone-url = '{url}': must be an absolute http(s) URL of Keystone, e.g. http://127.0.0.1:5000.");
        }

        var trimmed = url.TrimEnd('/');
        if (trimmed.EndsWith("/v3", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^3];
        }

        return new KeystoneSettings(trimmed, string.IsNullOrWhiteSpace(region) ? DefaultRegion : region);
    }
}
