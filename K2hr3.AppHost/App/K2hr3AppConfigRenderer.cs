namespace K2hr3.AppHost.App;

/// <summary>Everything k2hr3-app's generated configuration depends on; paths are as the app process sees them.</summary>
/// <param name="ApiPublicUrl">The API as the browser reaches it: the page's JavaScript calls it directly.</param>
internal sealed record K2hr3AppConfig(K2hr3Scheme Scheme, int Port, Uri ApiPublicUrl, TlsFiles? Tls);

/// <summary>
/// Renders k2hr3-app's node-config overlay. It is loaded after the package's own config/default.json5 (which carries
/// the menus and userdata/sidecar templates the app needs), and sets every key the deployment decides.
/// </summary>
internal static class K2hr3AppConfigRenderer
{
    public const string FileName = "production.json";

    public static string Render(K2hr3AppConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return NodeServerConfigWriter.Render(json =>
        {
            NodeServerConfigWriter.WriteServer(json, config.Scheme, config.Port, config.Tls);
            json.WriteString("apischeme", config.ApiPublicUrl.Scheme);
            json.WriteString("apihost", config.ApiPublicUrl.Host);
            json.WriteNumber("apiport", config.ApiPublicUrl.Port);
            json.WriteString("validator", "userValidateCredential");
            json.WriteBoolean("uselocaltenant", true);
        });
    }
}
