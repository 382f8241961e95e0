namespace K2hr3.Osnl.Worker.Configuration.Validation;

/// <summary>
/// The K2HR3 role API URL, validated once at start-up with a real URI parser (osnl-compatibility.md §8.1, §9 #5/#6): absolute,
/// http or https, with a host, without a fragment. No DNS lookup: the host may not resolve yet at start-up.
/// </summary>
internal static class ApiUrl
{
    /// <summary>The role API path under the K2HR3 API base URL.</summary>
    public const string RolePath = "/v1/role";

    /// <returns>The URI, or null with <paramref name="reason"/> set.</returns>
    public static Uri? Validate(string value, out string reason)
    {
        reason = string.Empty;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            reason = "not an absolute URL";
        }
        else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            reason = $"the scheme must be http or https, not {uri.Scheme}";
        }
        else if (uri.Host.Length == 0)
        {
            reason = "the URL has no host";
        }
        else if (value.Contains('#'))
        {
            reason = "the URL must not have a fragment (#...)";
        }
        else
        {
            return uri;
        }

        return null;
    }

    /// <summary>
    /// <c>K2hr3:Api:Url</c>: a URL whose path is empty or "/" is the API base URL → <c>&lt;base&gt;/v1/role</c>;
    /// anything else is the role URL itself. Unparsable text is returned unchanged for validation to report.
    /// </summary>
    public static string FromConfiguredUrl(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" ? FromBaseUrl(value) : value;

    /// <summary>Aspire service discovery gives the service's base URL (<c>https://host:port</c>).</summary>
    public static string FromBaseUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return value;
        }

        var builder = new UriBuilder(uri) { Path = uri.AbsolutePath.TrimEnd('/') + RolePath };
        return builder.Uri.AbsoluteUri;
    }
}
