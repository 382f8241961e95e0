namespace K2hr3.Tests.AppHost;

public class ConfigRendererTests
{
    private static readonly K2hr3Paths Paths = new("/data", "/repo/containers", "/data/k2hdkc");

    [Fact]
    public void ApiConfigWithoutKeystoneUsesDummyuserapiAndADummyAdminTenant()
    {
        using var api = ApiConfig(K2hr3Runtime.Processes, new K2hr3Options(), KeystoneSettings.Dummy);
        var root = api.RootElement;

        var keystone = root.GetProperty("keystone");
        Assert.Equal("dummyuserapi", keystone.GetProperty("type").GetString());
        Assert.False(keystone.TryGetProperty("eplist", out _));

        // dummyuserapi only knows tenant0..tenant4.
        Assert.Equal("tenant0", root.GetProperty("k2hr3admin").GetProperty("tenant").GetString());
        Assert.Equal("delhostrole", root.GetProperty("k2hr3admin").GetProperty("delhostrole").GetString());
    }

    [Fact]
    public void ApiConfigWithKeystoneUsesOpenstackapiv3WithTheRegionAndUrlWithoutV3()
    {
        var keystone = KeystoneSettings.OpenStack("http://127.0.0.1:5000/v3/", "RegionTwo");
        using var api = ApiConfig(K2hr3Runtime.Processes, new K2hr3Options(), keystone);
        var section = api.RootElement.GetProperty("keystone");

        Assert.Equal("openstackapiv3", section.GetProperty("type").GetString());
        Assert.Equal("list", section.GetProperty("eptype").GetString());
        var eplist = section.GetProperty("eplist");
        Assert.Equal("http://127.0.0.1:5000", eplist.GetProperty("RegionTwo").GetString());
        Assert.Single(eplist.EnumerateObject());
        Assert.Equal("admin", api.RootElement.GetProperty("k2hr3admin").GetProperty("tenant").GetString());
    }

    [Fact]
    public void ApiConfigNamesTheSlaveServesOnItsPortAndLogsToStdout()
    {
        var options = new K2hr3Options { Dkc = { SlaveControlPort = 18041 }, Api = { Port = 18090, AdminTenant = "tenant3", DeleteHostRole = "osnl" } };
        using var api = ApiConfig(K2hr3Runtime.Processes, options, KeystoneSettings.Dummy);
        var root = api.RootElement;

        Assert.Equal("/data/etc/slave.ini", root.GetProperty("k2hdkc").GetProperty("config").GetString());
        Assert.Equal(18041, root.GetProperty("k2hdkc").GetProperty("port").GetInt32());
        Assert.Equal("http", root.GetProperty("scheme").GetString());
        Assert.Equal(18090, root.GetProperty("port").GetInt32());
        Assert.Equal(["*"], root.GetProperty("corsips").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.GetProperty("multiproc").GetBoolean());
        Assert.Equal(string.Empty, root.GetProperty("runuser").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("logdir").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("accesslogname").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("consolelogname").ValueKind);
        Assert.Equal("http://localhost:18090", root.GetProperty("userdata").GetProperty("baseuri").GetString());
        Assert.Equal("tenant3", root.GetProperty("k2hr3admin").GetProperty("tenant").GetString());
        Assert.Equal("osnl", root.GetProperty("k2hr3admin").GetProperty("delhostrole").GetString());
    }

    [Fact]
    public void ApiConfigInContainersUsesContainerPaths()
    {
        var options = new K2hr3Options { Api = { Scheme = K2hr3Scheme.Https, Port = 18443 } };
        using var api = ApiConfig(K2hr3Runtime.Containers, options, KeystoneSettings.Dummy);
        var root = api.RootElement;

        Assert.Equal("/etc/antpickax/slave.ini", root.GetProperty("k2hdkc").GetProperty("config").GetString());
        Assert.Equal(8022, root.GetProperty("k2hdkc").GetProperty("port").GetInt32());
        Assert.Equal("https", root.GetProperty("scheme").GetString());
        Assert.Equal("/etc/k2hr3/tls/server.key", root.GetProperty("privatekey").GetString());
        Assert.Equal("/etc/k2hr3/tls/server.crt", root.GetProperty("cert").GetString());
        Assert.Equal("/etc/k2hr3/tls/ca.crt", root.GetProperty("ca").GetString());
        Assert.Equal("https://localhost:18443", root.GetProperty("userdata").GetProperty("baseuri").GetString());
    }

    [Theory]
    [InlineData(K2hr3Runtime.Processes)]
    [InlineData(K2hr3Runtime.Containers)]
    public void AppConfigPointsTheBrowserAtTheApiPublicUrl(K2hr3Runtime runtime)
    {
        var options = new K2hr3Options { Api = { PublicUrl = "https://k2hr3-api.example.test:8443" }, App = { Port = 18100 } };
        using var app = AppConfig(runtime, options);
        var root = app.RootElement;

        Assert.Equal("https", root.GetProperty("apischeme").GetString());
        Assert.Equal("k2hr3-api.example.test", root.GetProperty("apihost").GetString());
        Assert.Equal(8443, root.GetProperty("apiport").GetInt32());
        Assert.Equal(18100, root.GetProperty("port").GetInt32());
        Assert.Equal("http", root.GetProperty("scheme").GetString());
        Assert.False(root.GetProperty("multiproc").GetBoolean());
        Assert.Equal("userValidateCredential", root.GetProperty("validator").GetString());
        Assert.Equal(string.Empty, root.GetProperty("privatekey").GetString());
    }

    [Fact]
    public void AppConfigDefaultsToTheApiOnLocalhost()
    {
        using var app = AppConfig(K2hr3Runtime.Processes, new K2hr3Options());

        Assert.Equal("http", app.RootElement.GetProperty("apischeme").GetString());
        Assert.Equal("localhost", app.RootElement.GetProperty("apihost").GetString());
        Assert.Equal(18080, app.RootElement.GetProperty("apiport").GetInt32());
        Assert.Equal(18081, app.RootElement.GetProperty("port").GetInt32());
    }

    [Fact]
    public void HttpsWithUserFilesUsesThemAndNeedsNoDevelopmentCertificate()
    {
        var options = new K2hr3Options
        {
            App = { Scheme = K2hr3Scheme.Https },
            Tls = { CertFile = "/certs/server.crt", KeyFile = "/certs/server.key", CaFile = "/certs/ca.crt" },
        };
        var model = K2hr3ClusterModel.Create(options, K2hr3Runtime.Processes, Paths, KeystoneSettings.Dummy);
        using var app = JsonDocument.Parse(Assert.Single(model.RenderFiles(), f => f.RelativePath == "app/production.json").Content);

        Assert.False(model.UsesDevelopmentCertificate);
        Assert.Equal("/certs/server.key", app.RootElement.GetProperty("privatekey").GetString());
        Assert.Equal("/certs/ca.crt", app.RootElement.GetProperty("ca").GetString());
        Assert.Null(model.Api.Tls);
    }

    [Fact]
    public void HttpsWithoutFilesUsesADevelopmentCertificateInTheDataDir()
    {
        var model = K2hr3ClusterModel.Create(new K2hr3Options { Api = { Scheme = K2hr3Scheme.Https } }, K2hr3Runtime.Processes, Paths, KeystoneSettings.Dummy);

        Assert.True(model.UsesDevelopmentCertificate);
        Assert.Equal(new TlsFiles("/data/tls/server.key", "/data/tls/server.crt", "/data/tls/ca.crt"), model.Api.Tls);
        Assert.Equal(new Uri("https://127.0.0.1:18080"), model.ApiDirectUrl);
    }

    private static JsonDocument ApiConfig(K2hr3Runtime runtime, K2hr3Options options, KeystoneSettings keystone) =>
        JsonDocument.Parse(Assert.Single(K2hr3ClusterModel.Create(options, runtime, Paths, keystone).RenderFiles(), f => f.RelativePath == "api/production.json").Content);

    private static JsonDocument AppConfig(K2hr3Runtime runtime, K2hr3Options options) =>
        JsonDocument.Parse(Assert.Single(K2hr3ClusterModel.Create(options, runtime, Paths, KeystoneSettings.Dummy).RenderFiles(), f => f.RelativePath == "app/production.json").Content);
}
