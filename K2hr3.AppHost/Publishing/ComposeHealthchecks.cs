using System.Globalization;
using System.Text.Json;
using K2hr3.AppHost.Dkc;
using K2hr3.AppHost.Hosting;

namespace K2hr3.AppHost.Publishing;

/// <summary>
/// The run-mode readiness probes as container healthchecks: the same chmpxstatus states and the same HTTP requests
/// and statuses (<see cref="HttpProbe"/>), run inside the container with what its image has.
/// </summary>
public static class ComposeHealthchecks
{
    /// <summary>Port the listener's ASP.NET Core host serves /health on inside its image.</summary>
    public const int ListenerHttpPort = 8080;

    // A JavaScript literal, not HTML: '&' in a query string needs no \u0026 escape.
    private static readonly JsonSerializerOptions ScriptJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>chmpx reaches one of <paramref name="states"/> (chmpxstatus exits 0), like <see cref="ChmpxStatusHealthCheck"/>.</summary>
    public static ComposeHealthcheck Chmpx(string iniPath, ChmpxState state) => new()
    {
        Test = ["CMD", "chmpxstatus", "-conf", iniPath, .. state.WaitArguments],
        Interval = "10s",
        Timeout = "30s",
        Retries = 30,
        StartPeriod = "30s",
    };

    /// <summary>
    /// Sends every probe in order to the component's own port and succeeds only if each answers its expected status.
    /// The antpickax node images have node but no curl, so the probe is a node one-liner. TLS is not verified: the
    /// request goes to 127.0.0.1 inside the container, whose certificate names the public host.
    /// </summary>
    public static ComposeHealthcheck Http(K2hr3Scheme scheme, int port, IReadOnlyList<HttpProbe> probes)
    {
        var requests = JsonSerializer.Serialize(probes.Select(p => new object[] { p.Method.Method, p.PathAndQuery, (int)p.Expected }), ScriptJson);
        var module = scheme == K2hr3Scheme.Https ? "https" : "http";
        var script = string.Create(CultureInfo.InvariantCulture, $$"""
            const h=require('{{module}}');const probes={{requests}};let i=0;
            const next=()=>{if(i===probes.length){process.exit(0);}const [m,p,s]=probes[i++];
            const r=h.request({host:'127.0.0.1',port:{{port}},method:m,path:p,timeout:5000,rejectUnauthorized:false},res=>{res.resume();if(res.statusCode!==s){process.exit(1);}next();});
            r.on('timeout',()=>r.destroy(new Error('timeout')));r.on('error',()=>process.exit(1));r.end();};next();
            """);
        return new ComposeHealthcheck
        {
            Test = ["CMD", "node", "-e", script.ReplaceLineEndings(string.Empty)],
            Interval = "10s",
            Timeout = "10s",
            Retries = 30,
            StartPeriod = "20s",
        };
    }

    /// <summary>The AMQP listener accepts connections (run mode opens an AMQP connection).</summary>
    public static ComposeHealthcheck RabbitMq() => new()
    {
        Test = ["CMD", "rabbitmq-diagnostics", "-q", "check_port_connectivity"],
        Interval = "10s",
        Timeout = "10s",
        Retries = 30,
        StartPeriod = "20s",
    };

    /// <summary>
    /// The listener's <c>/health</c> (broker connected, consumers alive) answers 200. The aspnet base image has bash
    /// but no HTTP client, so the request goes over bash's /dev/tcp.
    /// </summary>
    public static ComposeHealthcheck Listener() => new()
    {
        Test =
        [
            "CMD", "bash", "-c",
            $"exec 3<>/dev/tcp/127.0.0.1/{ListenerHttpPort.ToString(CultureInfo.InvariantCulture)} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '",
        ],
        Interval = "10s",
        Timeout = "10s",
        Retries = 30,
        StartPeriod = "10s",
    };
}
