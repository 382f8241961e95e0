using Microsoft.Extensions.Configuration;

namespace K2hr3.AppHost.Osnl;

/// <summary>
/// The K2HR3 API the listener deletes through and the bootstrap talks to: the modelled <c>k2hr3-api</c> resource, or an
/// existing API named by <c>K2hr3:Api:Url</c> (which wins, like it does in the worker).
/// </summary>
public abstract record K2hr3ApiTarget
{
    public const string UrlKey = "K2hr3:Api:Url";

    /// <summary>The API's base URL (scheme, host, port, optional path prefix; no <c>/v1/role</c>), resolved at run time.</summary>
    public abstract ValueTask<Uri> GetBaseUrlAsync(CancellationToken cancellationToken);

    /// <summary>The API as a resource in this model, reached through one of its endpoints.</summary>
    public sealed record Modelled(IResourceWithEndpoints Resource, EndpointReference Endpoint) : K2hr3ApiTarget
    {
        public override async ValueTask<Uri> GetBaseUrlAsync(CancellationToken cancellationToken)
            => new((await Endpoint.GetValueAsync(cancellationToken).ConfigureAwait(false))!, UriKind.Absolute);
    }

    /// <summary>An API this model does not run.</summary>
    /// <param name="Url">The configured value, passed to the worker unchanged.</param>
    public sealed record Existing(Uri Url) : K2hr3ApiTarget
    {
        public override ValueTask<Uri> GetBaseUrlAsync(CancellationToken cancellationToken) => ValueTask.FromResult(BaseUrl);

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
    }

    /// <summary>
    /// <c>K2hr3:Api:Url</c> when set, else the modelled API (its <c>https</c>, else <c>http</c>, else first endpoint),
    /// else null.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>K2hr3:Api:Url</c> is not an absolute http(s) URL.</exception>
    public static K2hr3ApiTarget? Resolve(IConfiguration configuration, IResourceWithEndpoints? modelledApi)
    {
        if (configuration[UrlKey] is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{UrlKey}={url}: expected an absolute http(s) URL of the K2HR3 API");
            }

            return new Existing(uri);
        }

        if (modelledApi is null)
        {
            return null;
        }

        var endpoints = modelledApi.Annotations.OfType<EndpointAnnotation>().ToList();
        var endpoint = endpoints.FirstOrDefault(e => e.Name == "https")
            ?? endpoints.FirstOrDefault(e => e.Name == "http")
            ?? endpoints.FirstOrDefault()
            ?? throw new InvalidOperationException($"resource {modelledApi.Name} has no endpoint for the listener to call");
        return new Modelled(modelledApi, modelledApi.GetEndpoint(endpoint.Name));
    }
}
