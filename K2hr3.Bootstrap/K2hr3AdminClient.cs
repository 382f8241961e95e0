using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2hr3.Bootstrap;

/// <summary>
/// The few K2HR3 API calls the bootstrap makes (k2hr3.md §2; upstream <c>src/routes/role.ts</c>,
/// <c>userTokens.ts</c>). Tokens go in <c>x-auth-token</c> (<c>U=</c> user token); every secret this client sends is
/// blanked out of the API's error messages, which echo tokens back (e.g. "token(…) is not existed").
/// </summary>
public sealed class K2hr3AdminClient(HttpClient http, Uri baseUrl)
{
    private const string AuthTokenHeader = "x-auth-token";
    private readonly List<string> _secrets = [];

    public Uri BaseUrl { get; } = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    /// <summary>The client the bootstrap calls the API with (10 s to connect, 30 s per call).</summary>
    /// <param name="allowSelfSignedCert">Same meaning as the listener's <c>allow_self_signed_cert</c>: any server certificate.</param>
    public static HttpClient CreateHttpClient(bool allowSelfSignedCert)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (allowSelfSignedCert)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary><c>GET /</c> answers 200 <c>{"version":["v1"]}</c> once the API listens.</summary>
    public async Task<bool> IsUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(BaseUrl, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// A scoped user token for <paramref name="tenant"/>: <c>POST /v1/user/tokens</c> with the credentials in the body
    /// (a URL would put the password in the API's access log). When the API refuses credential logins from this address
    /// (405: <c>corsips</c>), falls back to <c>PUT ?username=&amp;password=&amp;tenantname=</c>, which K2HR3 allows with
    /// <c>allowcredauth</c>.
    /// </summary>
    public async Task<(string Token, bool UsedQueryFallback)> GetScopedTokenAsync(string userName, string password, string tenant, CancellationToken cancellationToken)
    {
        AddSecret(password);
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["tenantName"] = tenant,
                ["passwordCredentials"] = new JsonObject { ["username"] = userName, ["password"] = password },
            },
        };
        using (var post = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, "v1/user/tokens")) { Content = JsonContent.Create(body) })
        using (var response = await SendAsync(post, "get a scoped user token", cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode != HttpStatusCode.MethodNotAllowed)
            {
                return (await ReadTokenAsync(response, HttpStatusCode.Created, "get a scoped user token", cancellationToken).ConfigureAwait(false), false);
            }
        }

        var query = $"v1/user/tokens?username={Uri.EscapeDataString(userName)}&password={Uri.EscapeDataString(password)}&tenantname={Uri.EscapeDataString(tenant)}";
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(BaseUrl, query));
        using var fallback = await SendAsync(put, "get a scoped user token", cancellationToken).ConfigureAwait(false);
        return (await ReadTokenAsync(fallback, HttpStatusCode.Created, "get a scoped user token", cancellationToken).ConfigureAwait(false), true);
    }

    /// <summary>
    /// <c>GET /v1/role/&lt;role&gt;?expand=false</c>: the role with its own hosts, or null on 404. The real API answers a
    /// role that does not exist with 200 and an empty role (<see cref="K2hr3Role.IsEmpty"/>), not 404.
    /// </summary>
    public async Task<K2hr3Role?> GetRoleAsync(string userToken, string role, CancellationToken cancellationToken)
    {
        using var request = UserRequest(HttpMethod.Get, $"v1/role/{RolePath(role)}?expand=false", userToken);
        using var response = await SendAsync(request, $"read role {role}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var json = await ExpectJsonAsync(response, HttpStatusCode.OK, $"read role {role}", cancellationToken).ConfigureAwait(false);
        return K2hr3Role.FromJson(json["role"]);
    }

    /// <summary>
    /// <c>PUT /v1/role?name=&lt;role&gt;</c> → 201. No <c>policies</c>/<c>alias</c> parameters: K2HR3 leaves those of an
    /// existing role untouched only when they are absent (an empty value would clear them).
    /// </summary>
    public async Task CreateRoleAsync(string userToken, string role, CancellationToken cancellationToken)
    {
        using var request = UserRequest(HttpMethod.Put, $"v1/role?name={Uri.EscapeDataString(role)}", userToken);
        using var response = await SendAsync(request, $"create role {role}", cancellationToken).ConfigureAwait(false);
        await ExpectJsonAsync(response, HttpStatusCode.Created, $"create role {role}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /v1/role/token/&lt;role&gt;?expire=&lt;seconds&gt;</c> with a user token → 200 <c>{token, registerpath}</c>.
    /// A token created by a user is not bound to an address: whoever presents it registers its own.
    /// </summary>
    public async Task<string> CreateRoleTokenAsync(string userToken, string role, int expirySeconds, CancellationToken cancellationToken)
    {
        using var request = UserRequest(HttpMethod.Get, $"v1/role/token/{RolePath(role)}?expire={expirySeconds}", userToken);
        using var response = await SendAsync(request, $"create a role token for {role}", cancellationToken).ConfigureAwait(false);
        var token = await ReadTokenAsync(response, HttpStatusCode.OK, $"create a role token for {role}", cancellationToken).ConfigureAwait(false);
        AddSecret(token);
        return token;
    }

    /// <summary><c>PUT /v1/role/&lt;role&gt;?host=&lt;ip&gt;&amp;port=0&amp;cuk=&lt;cuk&gt;&amp;extra=&lt;extra&gt;</c> → 201 (port 0 = any).</summary>
    public async Task AddHostAsync(string userToken, string role, string ip, string cuk, string extra, CancellationToken cancellationToken)
    {
        var query = $"v1/role/{RolePath(role)}?host={Uri.EscapeDataString(ip)}&port=0&cuk={Uri.EscapeDataString(cuk)}&extra={Uri.EscapeDataString(extra)}";
        using var request = UserRequest(HttpMethod.Put, query, userToken);
        using var response = await SendAsync(request, $"add host {ip} to role {role}", cancellationToken).ConfigureAwait(false);
        await ExpectJsonAsync(response, HttpStatusCode.Created, $"add host {ip} to role {role}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Role names may be hierarchical (<c>a/b</c>): escape each segment, keep the slashes.</summary>
    private static string RolePath(string role) => string.Join('/', role.Split('/').Select(Uri.EscapeDataString));

    private HttpRequestMessage UserRequest(HttpMethod method, string relative, string userToken)
    {
        AddSecret(userToken);
        var request = new HttpRequestMessage(method, new Uri(BaseUrl, relative));
        request.Headers.TryAddWithoutValidation(AuthTokenHeader, "U=" + userToken);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new K2hr3ApiException(operation, null, Redact(ex.Message));
        }
    }

    private async Task<string> ReadTokenAsync(HttpResponseMessage response, HttpStatusCode expected, string operation, CancellationToken cancellationToken)
    {
        var json = await ExpectJsonAsync(response, expected, operation, cancellationToken).ConfigureAwait(false);
        return json["token"]?.GetValueKind() == JsonValueKind.String && json["token"]!.GetValue<string>() is { Length: > 0 } token
            ? token
            : throw new K2hr3ApiException(operation, response.StatusCode, "the answer has no token");
    }

    private async Task<JsonObject> ExpectJsonAsync(HttpResponseMessage response, HttpStatusCode expected, string operation, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonObject? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page, say): report the status alone.
        }

        if (response.StatusCode != expected || json is null || json["result"]?.GetValueKind() == JsonValueKind.False)
        {
            var message = json?["message"]?.GetValueKind() == JsonValueKind.String ? json["message"]!.GetValue<string>() : string.Empty;
            throw new K2hr3ApiException(operation, response.StatusCode, Redact(message));
        }

        return json;
    }

    private void AddSecret(string secret)
    {
        if (secret.Length > 0 && !_secrets.Contains(secret))
        {
            _secrets.Add(secret);
        }
    }

    private string Redact(string text)
        => _secrets.Aggregate(text, (current, secret) => current.Replace(secret, "***", StringComparison.Ordinal));
}
