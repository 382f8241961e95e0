namespace K2hr3.AppHost.Osnl;

/// <summary>
/// The K2HR3 API the listener deletes through and the bootstrap talks to: the modelled <c>k2hr3-api</c> resource, or an
/// existing API named by <c>K2hr3:Api:Url</c> (which wins, like it does in the worker). Either way the listener gets
/// <c>K2hr3__Api__Url</c> pointing straight at the API (no proxy in between: the API must see the listener's own address).
/// </summary>
public abstract record K2hr3ApiTarget
{
    public const string UrlKey = "K2hr3:Api:Url";

    /// <summary>The URL the listener is given (<c>K2hr3__Api__Url</c>): a base URL, or a full <c>…/v1/role</c> URL.</summary>
    public abstract Uri Url { get; }

    /// <summary><c>https://h/v1/role</c> → <c>https://h/</c>; <c>https://h/prefix/v1/role/</c> → <c>https://h/prefix/</c>.</summary>
    public Uri BaseUrl
    {
        get
        {
            var path = Url.AbsolutePath.TrimEnd('/');
            if (path.EndsWith("/v1/role", StringComparison.OrdinalIgnoreCase))
            {
                path = path[..^"/v1/role".Length];
            }

            return new UriBuilder(Url) { Path = path + "/", Query = string.Empty }.Uri;
        }
    }

    /// <summary>The API as a resource of this model.</summary>
    /// <param name="Resource">What the listener and the bootstrap wait for.</param>
    /// <param name="Url">Its direct (non-proxied) URL, e.g. <c>http://127.0.0.1:18080</c>.</param>
    /// <param name="Available">False when this host cannot run it: then nothing waits for it and the bootstrap is skipped.</param>
    /// <param name="AdminTenant">The API's <c>k2hr3admin.tenant</c> as the model configured it (null: bootstrap settings decide).</param>
    /// <param name="DeleteHostRole">The API's <c>k2hr3admin.delhostrole</c> as the model configured it.</param>
    public sealed record Modelled(IResource Resource, Uri Url, bool Available, string? AdminTenant = null, string? DeleteHostRole = null) : K2hr3ApiTarget
    {
        public override Uri Url { get; } = Url;
    }

    /// <summary>An API this model does not run.</summary>
    public sealed record Existing(Uri Url) : K2hr3ApiTarget
    {
        public override Uri Url { get; } = Url;
    }

    /// <summary><c>K2hr3:Api:Url</c> when set, else <paramref name="modelled"/> (may be null: the model has no API).</summary>
    /// <exception cref="InvalidOperationException"><c>K2hr3:Api:Url</c> is not an absolute http(s) URL.</exception>
    internal static K2hr3ApiTarget? Resolve(IConfiguration configuration, Modelled? modelled)
    {
        if (configuration[UrlKey] is not { Length: > 0 } url)
        {
            return modelled;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? new Existing(uri)
            : throw new InvalidOperationException($"{UrlKey}={url}: expected an absolute http(s) URL of the K2HR3 API");
    }
}
