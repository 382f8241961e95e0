namespace K2hr3.AppHost.Api;

/// <summary>Everything k2hr3-api's generated configuration depends on; paths are as the API process sees them.</summary>
internal sealed record K2hr3ApiConfig(
    KeystoneSettings Keystone,
    string SlaveIniPath,
    int SlaveControlPort,
    K2hr3Scheme Scheme,
    int Port,
    Uri PublicUrl,
    string AdminTenant,
    string DeleteHostRole,
    TlsFiles? Tls,
    string DebugLevel)
{
    /// <summary>The API's NODE_DEBUG for <see cref="DebugLevel"/> (k2hr3-api src/lib/dbglogging.ts reads LOGLEVEL_*).</summary>
    public string NodeDebug => "LOGLEVEL_" + DebugLevel.ToUpperInvariant();
}

/// <summary>
/// Renders k2hr3-api's node-config file. It is the only configuration directory the API gets, so the file is complete
/// on its own: node-config deep-merges maps, and a package default (e.g. keystone.eplist.myregion) would otherwise
/// survive any override (k2hr3.md §5). Keys not written here take k2hr3-api's code defaults.
/// Strict JSON (node-config reads .json), so tests and tools parse it with System.Text.Json.
/// </summary>
internal static class K2hr3ApiConfigRenderer
{
    public const string FileName = "production.json";

    public static string Render(K2hr3ApiConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return NodeServerConfigWriter.Render(json =>
        {
            json.WriteStartObject("keystone");
            json.WriteString("type", config.Keystone.Type);
            if (!config.Keystone.IsDummy)
            {
                json.WriteString("eptype", "list");
                json.WriteStartObject("eplist");
                json.WriteString(config.Keystone.Region, config.Keystone.Url);
                json.WriteEndObject();
            }

            json.WriteEndObject();

            json.WriteStartObject("k2hdkc");
            json.WriteString("config", config.SlaveIniPath);
            json.WriteNumber("port", config.SlaveControlPort);
            json.WriteEndObject();

            // The web app's browser login is a credential POST from a non-local address: without '*' the API answers 405.
            json.WriteStartArray("corsips");
            json.WriteStringValue("*");
            json.WriteEndArray();

            NodeServerConfigWriter.WriteServer(json, config.Scheme, config.Port, config.Tls);
            json.WriteNull("watcherlogname");
            json.WriteNull("wconsolelogname");

            json.WriteStartObject("userdata");
            json.WriteString("baseuri", config.PublicUrl.GetLeftPart(UriPartial.Authority));
            json.WriteEndObject();

            json.WriteStartObject("k2hr3admin");
            json.WriteString("tenant", config.AdminTenant);
            json.WriteString("delhostrole", config.DeleteHostRole);
            json.WriteEndObject();

            json.WriteBoolean("localtenants", true);
        });
    }
}
