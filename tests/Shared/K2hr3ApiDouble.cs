using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace K2hr3.Tests.Support;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1) that behaves like the parts of the K2HR3 API the worker and later
/// features talk to (k2hr3.md §2, §3):
/// <list type="bullet">
/// <item><c>DELETE /v1/role</c> or <c>/v1/role/</c>: the osnl call. No query → 400; <c>cuk</c> missing/blank → 400;
/// <c>host</c> optional (JSON string array or one IP string; unparsable → 400); the caller IP must be a member of the
/// delete-host role (<see cref="DelHostRoleMembers"/>, default 127.0.0.1, plus hosts registered into
/// <see cref="DelHostRoleName"/>) else 400; success → 204, empty body, <c>Content-Type: application/json</c>, and the
/// matching registered hosts are removed (unknown cuk = 204, nothing removed).</item>
/// <item><c>GET /v1/role/token/&lt;role&gt;</c> → 200 with a new role token, 404 for a role never created; <c>PUT /v1/role/&lt;role&gt;?cuk=&amp;extra=&amp;tag=</c>
/// with <c>x-auth-token: R=&lt;token&gt;</c> registers the caller IP into that role → 201 (bad token → 401).</item>
/// <item><c>GET /</c> → 200 <c>{"version":["v1"]}</c>.</item>
/// <item>What an administrator (the AppHost's bootstrap) uses, with dummyuserapi semantics (any user, password
/// ignored, tenants tenant0..tenant4; userTokens.ts, dummyuserapi.ts): <c>POST /v1/user/tokens</c> (JSON
/// credentials) and <c>PUT /v1/user/tokens?username=&amp;password=&amp;tenantname=</c> → 201 with a user token;
/// with a scoped user token (<c>x-auth-token: U=&lt;token&gt;</c>): <c>PUT /v1/role?name=</c> → 201,
/// <c>GET /v1/role/&lt;role&gt;?expand=false</c> → 200 with <c>role.hosts.ips</c> formatted like upstream
/// (<c>"&lt;ip&gt; &lt;port|*&gt; &lt;cuk&gt; &lt;extra&gt; &lt;tag&gt;"</c>) — an empty role, still 200, for a role never
/// created, as the real API answers — and
/// <c>PUT /v1/role/&lt;role&gt;?host=&lt;ip&gt;&amp;port=&amp;cuk=&amp;extra=</c> → 201. Unknown tokens → 401 with
/// upstream's message, which echoes the token. <c>HEAD /v1/user/tokens</c> with <c>x-auth-token: U=&lt;token&gt;</c>
/// → 204 for a token it issued (scoped or not), 401 for another.</item>
/// </list>
/// Every request is recorded. Faults (<see cref="EnqueueFaults"/>, <see cref="FaultEveryRequest"/>) apply to requests
/// under <c>/v1</c>, so <c>GET /</c> stays usable as a readiness probe. <see cref="RefuseConnectionsForAsync"/> stops
/// listening for a while (connection refused) and resumes on the same port.
/// </summary>
public sealed class K2hr3ApiDouble : IAsyncDisposable
{
    /// <summary>K2HR3's default <c>k2hr3admin.delhostrole</c>.</summary>
    public const string DelHostRoleName = "delhostrole";

    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Queue<ApiFault> _faults = new();
    private readonly Dictionary<string, string> _roleTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RegisteredHost>> _roleHosts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _delHostRoleMembers = new(StringComparer.Ordinal) { "127.0.0.1" };
    private readonly Dictionary<string, UserToken> _userTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _roles = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private ApiFault? _faultEveryRequest;

    private readonly X509Certificate2? _certificate;

    private K2hr3ApiDouble(int port, X509Certificate2? certificate)
    {
        Port = port;
        _certificate = certificate;
    }

    /// <summary>The listening port: the one asked for, else the one the OS gave at the first start (kept when listening resumes).</summary>
    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c> (https when started with a certificate).</summary>
    public Uri BaseUri => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/v1/role</c>: the worker's <c>api_url</c>.</summary>
    public Uri RoleUri => new(BaseUri, "v1/role");

    /// <summary>A fault applied to every <c>/v1</c> request that has no scripted fault; null = behave.</summary>
    public ApiFault? FaultEveryRequest
    {
        get { lock (_lock) { return _faultEveryRequest; } }
        set { lock (_lock) { _faultEveryRequest = value; } }
    }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_lock) { return [.. _requests]; } }
    }

    /// <summary>The osnl calls so far (<c>DELETE /v1/role[/]</c>).</summary>
    public IReadOnlyList<RecordedRequest> DeleteRequests => [.. Requests.Where(IsRoleDelete)];

    /// <summary>Starts on a free port of 127.0.0.1 (or <paramref name="port"/>); HTTPS when a certificate is given.</summary>
    public static async Task<K2hr3ApiDouble> StartAsync(int? port = null, X509Certificate2? certificate = null, CancellationToken cancellationToken = default)
    {
        // Port 0 lets the OS pick at bind time: a port probed beforehand can be taken by a parallel test in between.
        var api = new K2hr3ApiDouble(port ?? 0, certificate);
        await api.ResumeListeningAsync(cancellationToken).ConfigureAwait(false);
        return api;
    }

    /// <summary>Replaces the IPs allowed to call <c>DELETE /v1/role</c> (the delete-host role's static members).</summary>
    public void SetDelHostRoleMembers(params string[] ips)
    {
        lock (_lock)
        {
            _delHostRoleMembers.Clear();
            _delHostRoleMembers.UnionWith(ips);
        }
    }

    /// <summary>Faults for the next requests under <c>/v1</c>, consumed one per request in order.</summary>
    public void EnqueueFaults(params ApiFault[] faults)
    {
        lock (_lock)
        {
            foreach (var fault in faults)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    /// <summary>Every user token issued so far becomes unknown (401), as after its expiry or a restart of an in-memory k2hdkc.</summary>
    public void ForgetUserTokens()
    {
        lock (_lock)
        {
            _userTokens.Clear();
        }
    }

    /// <summary>What <c>PUT /v1/role?name=</c> does, for tests that seed state directly.</summary>
    public void CreateRole(string role)
    {
        lock (_lock)
        {
            _roles.Add(role.ToLowerInvariant());
        }
    }

    /// <summary>What <c>GET /v1/role/token/&lt;role&gt;</c> does, for tests that seed state directly.</summary>
    public string IssueRoleToken(string role)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        lock (_lock)
        {
            _roleTokens[token] = role;
        }

        return token;
    }

    /// <summary>Registers a host into a role as the role-token <c>PUT</c> would (for seeding).</summary>
    public void RegisterHost(string role, RegisteredHost host)
    {
        lock (_lock)
        {
            if (!_roleHosts.TryGetValue(role, out var hosts))
            {
                _roleHosts[role] = hosts = [];
            }

            hosts.Add(host);
        }
    }

    public IReadOnlyList<RegisteredHost> HostsOf(string role)
    {
        lock (_lock)
        {
            return _roleHosts.TryGetValue(role, out var hosts) ? [.. hosts] : [];
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> recorded requests match (default: osnl DELETEs).</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(int count, TimeSpan timeout, Func<RecordedRequest, bool>? predicate = null)
    {
        predicate ??= IsRoleDelete;
        await Eventually.WaitUntilAsync(
            () => Requests.Count(predicate) >= count,
            timeout,
            $"{count} request(s) at the K2HR3 API double (have: {string.Join("; ", Requests)})",
            TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
        return [.. Requests.Where(predicate)];
    }

    /// <summary>Stops listening: new connections are refused until <see cref="ResumeListeningAsync"/>.</summary>
    public async Task StopListeningAsync(CancellationToken cancellationToken = default)
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public async Task ResumeListeningAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (_certificate is not null)
                {
                    listen.UseHttps(_certificate);
                }
            });
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        if (Port == 0)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            Port = new Uri(address).Port;
        }

        _app = app;
    }

    /// <summary>Refuses connections for <paramref name="period"/>, then listens again (in the background).</summary>
    public async Task RefuseConnectionsForAsync(TimeSpan period, CancellationToken cancellationToken = default)
    {
        await StopListeningAsync(cancellationToken).ConfigureAwait(false);
        _ = Task.Run(
            async () =>
            {
                await Task.Delay(period, CancellationToken.None).ConfigureAwait(false);
                await ResumeListeningAsync(CancellationToken.None).ConfigureAwait(false);
            },
            CancellationToken.None);
    }

    public async ValueTask DisposeAsync() => await StopListeningAsync().ConfigureAwait(false);

    private static bool IsRoleDelete(RecordedRequest request)
        => request.Method == HttpMethods.Delete && request.Path is "/v1/role" or "/v1/role/";

    private async Task HandleAsync(HttpContext context)
    {
        var request = Record(context);
        var fault = request.Path.StartsWith("/v1", StringComparison.Ordinal) ? NextFault() : null;
        try
        {
            if (fault is not null)
            {
                if (fault.DelayBeforeHeaders > TimeSpan.Zero)
                {
                    await Task.Delay(fault.DelayBeforeHeaders, context.RequestAborted).ConfigureAwait(false);
                }

                if (fault.CloseConnection)
                {
                    context.Abort();
                    return;
                }

                if (fault.StatusCode is { } scripted)
                {
                    await RespondAsync(context, request, scripted, "scripted fault").ConfigureAwait(false);
                    return;
                }
            }

            await RouteAsync(context, request).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its time-out) while we were delaying: nothing was answered.
        }
    }

    private RecordedRequest Record(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        var request = new RecordedRequest
        {
            Method = context.Request.Method,
            RawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString,
            Path = context.Request.Path.Value ?? string.Empty,
            Query = context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal),
            RemoteIp = remote,
            ReceivedAt = DateTimeOffset.UtcNow,
            Headers = context.Request.Headers.ToDictionary(pair => pair.Key.ToLowerInvariant(), pair => pair.Value.ToString(), StringComparer.Ordinal),
        };
        lock (_lock)
        {
            _requests.Add(request);
        }

        return request;
    }

    private ApiFault? NextFault()
    {
        lock (_lock)
        {
            return _faults.TryDequeue(out var fault) ? fault : _faultEveryRequest;
        }
    }

    private Task RouteAsync(HttpContext context, RecordedRequest request)
    {
        var path = request.Path;
        return (request.Method, path) switch
        {
            ("GET", "/") => RespondJsonAsync(context, request, 200, new { version = new[] { "v1" } }),
            ("DELETE", "/v1/role" or "/v1/role/") => DeleteIpsByCukAsync(context, request),
            ("POST", "/v1/user/tokens" or "/v1/user/tokens/") => IssueUserTokenFromBodyAsync(context, request),
            ("HEAD", "/v1/user/tokens" or "/v1/user/tokens/") => CheckUserTokenAsync(context, request),
            ("PUT", "/v1/user/tokens" or "/v1/user/tokens/") => IssueUserTokenAsync(
                context, request, request.Query.GetValueOrDefault("username"), request.Query.GetValueOrDefault("tenantname")),
            ("PUT", "/v1/role" or "/v1/role/") => CreateRoleAsync(context, request),
            ("GET", _) when path.StartsWith("/v1/role/token/", StringComparison.Ordinal) && path.Length > "/v1/role/token/".Length
                => CreateRoleTokenAsync(context, request, path["/v1/role/token/".Length..]),
            ("GET", _) when path.StartsWith("/v1/role/", StringComparison.Ordinal) && path.Length > "/v1/role/".Length
                => GetRoleAsync(context, request, path["/v1/role/".Length..]),
            ("PUT", _) when path.StartsWith("/v1/role/", StringComparison.Ordinal) && path.Length > "/v1/role/".Length && !path.Contains("/token/", StringComparison.Ordinal)
                => PutRoleHostAsync(context, request, path["/v1/role/".Length..]),
            _ => RespondAsync(context, request, 404, "no such endpoint in the K2HR3 API double"),
        };
    }

    // k2hr3.md §3 (src/routes/role.ts rawDeleteIpsByCuk), in upstream's order.
    private Task DeleteIpsByCukAsync(HttpContext context, RecordedRequest request)
    {
        if (!context.Request.QueryString.HasValue)
        {
            return RespondAsync(context, request, 400, "no query");
        }

        List<string>? hosts = null;
        if (request.Query.TryGetValue("host", out var hostValue))
        {
            hosts = ParseHosts(hostValue);
            if (hosts is null)
            {
                return RespondAsync(context, request, 400, "host is not an IP address or a JSON array of them");
            }
        }

        if (!request.Query.TryGetValue("cuk", out var cuk) || string.IsNullOrWhiteSpace(cuk))
        {
            return RespondAsync(context, request, 400, "cuk is empty");
        }

        var caller = request.RemoteIp.ToString();
        lock (_lock)
        {
            var isMember = _delHostRoleMembers.Contains(caller)
                || (_roleHosts.TryGetValue(DelHostRoleName, out var members) && members.Any(member => member.Ip == caller));
            if (!isMember)
            {
                return RespondAsync(context, request, 400, $"{caller} is not a member of the delete-host role");
            }

            foreach (var registered in _roleHosts.Values)
            {
                registered.RemoveAll(host => host.Cuk == cuk && (hosts is null || hosts.Contains(host.Ip)));
            }
        }

        // Upstream answers 204 with an empty body but still sets the JSON content type.
        context.Response.StatusCode = 204;
        context.Response.ContentType = "application/json";
        request.ResponseStatus = 204;
        return Task.CompletedTask;
    }

    private Task CreateRoleTokenAsync(HttpContext context, RecordedRequest request, string role)
    {
        var name = Uri.UnescapeDataString(role).ToLowerInvariant();
        lock (_lock)
        {
            // The real API keeps a role's id only once the role was created (PUT /v1/role?name=).
            if (!_roles.Contains(name) && !_roleHosts.ContainsKey(name))
            {
                return RespondAsync(context, request, 404, $"could not get role id(yrn:yahoo:::tenant0:role:{name}/id)");
            }
        }

        var token = IssueRoleToken(Uri.UnescapeDataString(role));
        return RespondJsonAsync(context, request, 200, new { result = true, message = (string?)null, token, registerpath = "/v1/role/" + role });
    }

    // role.ts putRoleHost: with ?host= a scoped user token adds that host; without, the caller's own IP is added
    // (role token, or user token).
    private Task PutRoleHostAsync(HttpContext context, RecordedRequest request, string role)
    {
        role = Uri.UnescapeDataString(role);
        request.Headers.TryGetValue("x-auth-token", out var header);
        if (header is not null && !header.StartsWith("R=", StringComparison.Ordinal))
        {
            if (CheckUserToken(request) is { } refusal)
            {
                return RespondAsync(context, request, refusal.Status, refusal.Message);
            }

            request.Query.TryGetValue("host", out var host);
            if (!string.IsNullOrEmpty(host) && !IPAddress.TryParse(host, out _))
            {
                return RespondAsync(context, request, 400, "the double models IP address hosts only");
            }

            var port = request.Query.TryGetValue("port", out var portText) && int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;
            RegisterHost(role, new RegisteredHost(
                string.IsNullOrEmpty(host) ? request.RemoteIp.ToString() : host.ToLowerInvariant(),
                port,
                request.Query.GetValueOrDefault("cuk")?.Trim() ?? string.Empty,
                request.Query.GetValueOrDefault("extra") ?? string.Empty,
                request.Query.GetValueOrDefault("tag") ?? string.Empty));
            return RespondJsonAsync(context, request, 201, new { result = true, message = (string?)null });
        }

        if (request.Query.ContainsKey("host"))
        {
            // Upstream: a role token has no user, so updateRoleHosts fails.
            return RespondAsync(context, request, 400, "specified wrong token or it is not scoped user token");
        }

        return RegisterCallerWithRoleTokenAsync(context, request, role, header);
    }

    private Task RegisterCallerWithRoleTokenAsync(HttpContext context, RecordedRequest request, string role, string? header)
    {
        string? tokenRole = null;
        if (header is not null && header.StartsWith("R=", StringComparison.Ordinal))
        {
            lock (_lock)
            {
                _roleTokens.TryGetValue(header[2..], out tokenRole);
            }
        }

        if (tokenRole != role)
        {
            return RespondAsync(context, request, 401, "a role token for this role is required (x-auth-token: R=<token>)");
        }

        request.Query.TryGetValue("cuk", out var cuk);
        request.Query.TryGetValue("extra", out var extra);
        request.Query.TryGetValue("tag", out var tag);
        RegisterHost(role, new RegisteredHost(request.RemoteIp.ToString(), 0, cuk ?? string.Empty, extra ?? string.Empty, tag ?? string.Empty));
        return RespondJsonAsync(context, request, 201, new { result = true, message = (string?)null });
    }

    private async Task IssueUserTokenFromBodyAsync(HttpContext context, RecordedRequest request)
    {
        JsonElement auth = default;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("auth", out var element))
            {
                auth = element.Clone();
            }
        }
        catch (JsonException)
        {
        }

        if (auth.ValueKind != JsonValueKind.Object
            || !auth.TryGetProperty("passwordCredentials", out var credentials)
            || credentials.ValueKind != JsonValueKind.Object)
        {
            await RespondAsync(context, request, 400, "POST body does not have auth key").ConfigureAwait(false);
            return;
        }

        var user = credentials.TryGetProperty("username", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        var tenant = auth.TryGetProperty("tenantName", out var tenantName) && tenantName.ValueKind == JsonValueKind.String ? tenantName.GetString() : null;
        await IssueUserTokenAsync(context, request, user, tenant).ConfigureAwait(false);
    }

    // dummyuserapi: any user name, password ignored, tenants tenant0..tenant4; unscoped without a tenant.
    private Task IssueUserTokenAsync(HttpContext context, RecordedRequest request, string? user, string? tenant)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            return RespondAsync(context, request, 400, "Some parameter(user name or unscoped token) is wrong.");
        }

        tenant = string.IsNullOrEmpty(tenant) ? null : tenant;
        if (tenant is not null && !DummyTenants.Contains(tenant))
        {
            return RespondAsync(context, request, 404, $"could not get scoped user token for user={user}, tenant={tenant} by unknown tenant");
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        lock (_lock)
        {
            _userTokens[token] = new UserToken(user, tenant);
        }

        return RespondJsonAsync(context, request, 201, new { result = true, message = "succeed", scoped = tenant is not null, token });
    }

    // userTokens.ts router.head: checkToken(req, false, true) — any user token, scoped or not — then 204, no body.
    private Task CheckUserTokenAsync(HttpContext context, RecordedRequest request)
    {
        request.ResponseStatus = !request.Headers.TryGetValue("x-auth-token", out var header) || header.Length == 0
            ? 400
            : IsKnownUserToken(header.StartsWith("U=", StringComparison.Ordinal) ? header[2..] : header) ? 204 : 401;
        context.Response.StatusCode = request.ResponseStatus.Value;
        return Task.CompletedTask;
    }

    private bool IsKnownUserToken(string token)
    {
        lock (_lock)
        {
            return _userTokens.ContainsKey(token);
        }
    }

    private Task CreateRoleAsync(HttpContext context, RecordedRequest request)
    {
        if (CheckUserToken(request) is { } refusal)
        {
            return RespondAsync(context, request, refusal.Status, refusal.Message);
        }

        if (!request.Query.TryGetValue("name", out var name) || string.IsNullOrWhiteSpace(name))
        {
            return RespondAsync(context, request, 400, "role:name field is wrong : undefined");
        }

        lock (_lock)
        {
            _roles.Add(name.ToLowerInvariant());
        }

        return RespondJsonAsync(context, request, 201, new { result = true, message = (string?)null });
    }

    private Task GetRoleAsync(HttpContext context, RecordedRequest request, string role)
    {
        role = Uri.UnescapeDataString(role).ToLowerInvariant();
        if (!request.Headers.ContainsKey("x-auth-token"))
        {
            return RespondAsync(context, request, 400, $"GET request without UserToken for getting role({role}), need User Token.");
        }

        if (CheckUserToken(request) is { } refusal)
        {
            return RespondAsync(context, request, refusal.Status, refusal.Message);
        }

        var expand = !string.Equals(request.Query.GetValueOrDefault("expand"), "false", StringComparison.OrdinalIgnoreCase);
        string[] ips;
        lock (_lock)
        {
            // Like the real API: a role that was never created reads as an empty role (200), not 404.
            ips = _roleHosts.TryGetValue(role, out var hosts) ? [.. hosts.Select(HostAll)] : [];
        }

        object body = expand
            ? new { result = true, message = (string?)null, role = new { policies = Array.Empty<string>() } }
            : new { result = true, message = (string?)null, role = new { policies = Array.Empty<string>(), aliases = Array.Empty<string>(), hosts = new { hostnames = Array.Empty<string>(), ips } } };
        return RespondJsonAsync(context, request, 200, body);
    }

    /// <summary>Null when the request carries a known scoped user token, else upstream's refusal (which echoes the token).</summary>
    private (int Status, string Message)? CheckUserToken(RecordedRequest request)
    {
        if (!request.Headers.TryGetValue("x-auth-token", out var header) || header.Length == 0)
        {
            return (400, "There is no x-auth-token header");
        }

        var token = header.StartsWith("U=", StringComparison.Ordinal) ? header[2..] : header;
        UserToken? known;
        lock (_lock)
        {
            _userTokens.TryGetValue(token, out known);
        }

        return known switch
        {
            null => (401, $"token({token}) is not existed, because it is expired or not set yet."),
            { Tenant: null } => (401, $"token({token}) is not scoped."),
            _ => null,
        };
    }

    // k2hr3dkc.ts rawGetRoleHostListsEx: "<ip> <port|*> <cuk>" then extra (only the two known values survive), tag,
    // inbound and outbound ip, with empty trailing fields trimmed.
    private static string HostAll(RegisteredHost host)
    {
        var extra = host.Extra is "openstack-auto-v1" or "k8s-auto-v1" ? host.Extra : string.Empty;
        var tail = (extra + " " + (host.Tag + " ").TrimEnd()).Trim();
        return $"{host.Ip} {(host.Port == 0 ? "*" : host.Port.ToString(CultureInfo.InvariantCulture))} {host.Cuk}" + (tail.Length > 0 ? " " + tail : string.Empty);
    }

    private static readonly string[] DummyTenants = ["tenant0", "tenant1", "tenant2", "tenant3", "tenant4"];

    private sealed record UserToken(string User, string? Tenant);

    private static List<string>? ParseHosts(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                var parsed = JsonSerializer.Deserialize<List<string>>(trimmed);
                return parsed is not null && parsed.All(ip => IPAddress.TryParse(ip, out _)) ? parsed : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return IPAddress.TryParse(trimmed, out _) ? [trimmed] : null;
    }

    private static Task RespondAsync(HttpContext context, RecordedRequest request, int status, string message)
        => RespondJsonAsync(context, request, status, new { result = status < 300, message });

    private static Task RespondJsonAsync(HttpContext context, RecordedRequest request, int status, object body)
    {
        request.ResponseStatus = status;
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }
}

/// <summary>A host registered into a role (<c>.../hosts/ip/&lt;ip&gt; &lt;port&gt; &lt;cuk&gt;</c> in K2HR3 terms).</summary>
public sealed record RegisteredHost(string Ip, int Port, string Cuk, string Extra, string Tag);
