namespace K2hr3.Compat;

/// <summary>
/// Hides passwords in a transport URL for messages: <c>rabbit://u:***@h1:5672,u:***@h2/vhost</c>. When the URL is
/// too malformed to tell where credentials end (a raw '/', '?', '#', ',' or '@' inside a password), everything up
/// to the last '@' is hidden instead.
/// </summary>
public static class TransportUrlRedactor
{
    private const string Mask = "***";

    public static string Redact(string url)
    {
        var lastAt = url.LastIndexOf('@');
        if (lastAt < 0)
        {
            return url; // no user info at all
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var hosts = url[authorityStart..authorityEnd].Split(',');
        var ambiguous = schemeEnd < 0 || lastAt > authorityEnd || hosts.Any(host => !host.Contains('@'));
        if (ambiguous)
        {
            return url[..authorityStart] + Mask + url[lastAt..];
        }

        var redactedHosts = hosts.Select(host =>
        {
            var at = host.LastIndexOf('@');
            var colon = host.IndexOf(':');
            return colon >= 0 && colon < at ? host[..(colon + 1)] + Mask + host[at..] : host;
        });
        return url[..authorityStart] + string.Join(",", redactedHosts) + url[authorityEnd..];
    }
}
