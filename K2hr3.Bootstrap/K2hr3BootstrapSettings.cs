using System.Net;
using Microsoft.Extensions.Configuration;

namespace K2hr3.Bootstrap;

/// <summary>
/// What the authorization bootstrap needs: admin credentials (a scoped token for the API's <c>k2hr3admin</c> tenant)
/// or a pre-made role token, the delhost role, and the demo data. Keys under <c>K2hr3:Api:*</c>,
/// <c>K2hr3:Bootstrap:*</c> and <c>K2hr3:Demo:*</c>.
/// </summary>
public sealed record K2hr3BootstrapSettings
{
    /// <summary>Any user works with the API's <c>dummyuserapi</c> identity back-end (what the modelled API uses).</summary>
    public const string DefaultUserName = "admin";

    /// <summary>dummyuserapi's tenants are tenant0..tenant4 (k2hr3.md §1); the API's <c>k2hr3admin.tenant</c> must match.</summary>
    public const string DefaultAdminTenant = "tenant0";

    /// <summary>K2HR3's own default for <c>k2hr3admin.delhostrole</c>.</summary>
    public const string DefaultDelHostRole = "delhostrole";

    /// <summary>What the listener's own registration carries as <c>tag</c>, so the bootstrap can find it in the role.</summary>
    public const string ListenerTag = "k2hr3-osnl";

    public bool Enabled { get; init; } = true;

    /// <summary>Null: no credentials (an existing API without <c>K2hr3:Api:UserName</c>).</summary>
    public string? UserName { get; init; }

    /// <summary>Secret: sent in a POST body, never logged.</summary>
    public string Password { get; init; } = string.Empty;

    public string AdminTenant { get; init; } = DefaultAdminTenant;

    public string DelHostRole { get; init; } = DefaultDelHostRole;

    /// <summary>A role token for the delhost role made by an administrator; replaces the token the bootstrap would create.</summary>
    public string? RegistrationToken { get; init; }

    /// <summary>Lifetime of the created role token. 0 = K2HR3's long-lived registration token (<c>expiration.regroletoken</c>).</summary>
    public int RoleTokenExpirySeconds { get; init; } = 86400;

    public bool AllowSelfSignedCert { get; init; }

    /// <summary>Attempts per API call before the bootstrap gives up (transient errors while the API warms up).</summary>
    public int Attempts { get; init; } = 10;

    /// <summary>How long to wait for an existing API to answer <c>GET /</c>.</summary>
    public TimeSpan ApiWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait for the listener's self-registration to show up in the delhost role.</summary>
    public TimeSpan RegistrationWait { get; init; } = TimeSpan.FromMinutes(2);

    public bool DemoEnabled { get; init; } = true;

    public string DemoRole { get; init; } = "demo-vms";

    /// <summary>The demo VM's instance id (cuk): fixed, so the simulate commands default to it.</summary>
    public string DemoCuk { get; init; } = "6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f";

    public string DemoIp { get; init; } = "10.0.0.5";

    /// <summary>Credentials are available (a modelled API always has the dummyuserapi defaults).</summary>
    public bool HasCredentials => UserName is not null;

    /// <param name="configuration">The AppHost's or the listener's configuration.</param>
    /// <param name="modelled">The API's <c>k2hr3admin</c> settings when the AppHost models that API: they win, and it
    /// brings default credentials (its dummyuserapi accepts any user); an existing API gets credentials only when
    /// <c>K2hr3:Api:UserName</c> is set.</param>
    /// <exception cref="InvalidOperationException">An invalid demo value.</exception>
    public static K2hr3BootstrapSettings FromConfiguration(IConfiguration configuration, ModelledApiAdmin? modelled = null)
    {
        var apiSection = configuration.GetSection("K2hr3:Api");
        var bootstrap = configuration.GetSection("K2hr3:Bootstrap");
        var demo = configuration.GetSection("K2hr3:Demo");
        var settings = new K2hr3BootstrapSettings
        {
            Enabled = bootstrap.GetValue("Enabled", true),
            UserName = apiSection["UserName"] is { Length: > 0 } user ? user : modelled is not null ? DefaultUserName : null,
            Password = apiSection["Password"] ?? string.Empty,
            AdminTenant = NonEmpty(modelled?.AdminTenant ?? apiSection["AdminTenant"], DefaultAdminTenant),
            DelHostRole = NonEmpty(modelled?.DeleteHostRole ?? apiSection["DeleteHostRole"], DefaultDelHostRole),
            RegistrationToken = apiSection["RegistrationToken"] is { Length: > 0 } token ? token : null,
            AllowSelfSignedCert = apiSection.GetValue("AllowSelfSignedCert", false),
            RoleTokenExpirySeconds = bootstrap.GetValue("RoleTokenExpirySeconds", 86400),
            Attempts = Math.Max(1, bootstrap.GetValue("Attempts", 10)),
            ApiWait = TimeSpan.FromSeconds(bootstrap.GetValue("ApiWaitSeconds", 300)),
            RegistrationWait = TimeSpan.FromSeconds(bootstrap.GetValue("RegistrationWaitSeconds", 120)),
            DemoEnabled = demo.GetValue("Enabled", true),
            DemoRole = NonEmpty(demo["Role"], "demo-vms"),
            DemoCuk = NonEmpty(demo["Cuk"], "6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f"),
            DemoIp = NonEmpty(demo["Ip"], "10.0.0.5"),
        };

        if (!Guid.TryParse(settings.DemoCuk, out _))
        {
            throw new InvalidOperationException($"K2hr3:Demo:Cuk={settings.DemoCuk}: the listener only accepts UUID instance ids");
        }

        if (!IPAddress.TryParse(settings.DemoIp, out _))
        {
            throw new InvalidOperationException($"K2hr3:Demo:Ip={settings.DemoIp}: expected an IPv4 or IPv6 address");
        }

        return settings;
    }

    /// <summary>The password stays out of logs and records' printouts.</summary>
    public override string ToString()
        => $"user={UserName ?? "(none)"}, tenant={AdminTenant}, delhostrole={DelHostRole}, pre-made token={(RegistrationToken is null ? "no" : "yes")}";

    /// <summary>The <c>k2hr3admin</c> section of an API the AppHost configures itself (null values: configuration decides).</summary>
    public sealed record ModelledApiAdmin(string? AdminTenant, string? DeleteHostRole);

    private static string NonEmpty(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
}
