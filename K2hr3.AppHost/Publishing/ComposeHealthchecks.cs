using System.Globalization;
using System.Text.Json;
using K2hr3.AppHost.Api;
using K2hr3.AppHost.Dkc;

namespace K2hr3.AppHost.Publishing;

/// <summary>
/// The run-mode readiness probes as container healthchecks: the same chmpxstatus states and the same HTTP requests
/// and statuses (<see cref="HttpProbe"/>), run inside the container with what its image has.
/// </summary>
internal static class ComposeHealthchecks
{
    /// <summary>Port the listener's ASP.NET Core host serves /health on inside its image.</summary>
    public const int ListenerHttpPort = 8080;

    // A JavaScript literal, not HTML: '&' in a query string needs no \u0026 escape.
    private static readonly JsonSerializerOptions ScriptJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>chmpx reaches one of <paramref name="states"/> (chmpxstatus exits 0), like <see cref="ChmpxStatusHealthCheck"/>.</summary>
    public static ComposeHealthcheck Chmpx(string iniPath, ChmpxState state) => new()
    {
        // Servicein only: a shell healthcheck cannot give a join stuck at [ADD][Doing] the time-out ChmpxStatusHealthCheck does.
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
        var module = scheme.ToUriScheme();
        var script = string.Create(CultureInfo.InvariantCulture, $$"""
            const h=require('{{module}}');const probes={{requests}};let i=0;
            const next=()=>{if(i===probes.length){process.exit(0);}const [m,p,s]=probes[i++];
            const r=h.request({host:'127.0.0.1',port:{{port}},method:m,path:p,timeout:5000,rejectUnauthorized:false},res=>{res.resume();if(res.statusCode!==s){process.exit(1);}next();});
            r.on('timeout',()=>r.destroy(new Error('timeout')));r.on('error',()=>process.exit(1));r.end();};next();
            """);
        return NodeScript(script);
    }

    /// <summary>Where the API's healthcheck keeps its token inside the container (one token per container life).</summary>
    public const string ApiTokenFile = "/tmp/k2hr3-health.token";

    /// <summary>
    /// The API's run-mode probes (dummyuserapi) as one node one-liner: <c>GET /</c> = 200, then k2hdkc through the API
    /// like <see cref="K2hdkcReadProbe"/> — the token cached in <paramref name="tokenFile"/> is read back
    /// (<c>HEAD /v1/user/tokens</c> = 204); only when there is none, or it reads as unknown (401: expired, or lost with
    /// in-memory data), is a new one issued (<c>PUT</c> = 201, a k2hdkc write) and cached. So a healthcheck every 10 s
    /// writes once per container life (or per token lifetime), not 8640 times a day.
    /// </summary>
    public static ComposeHealthcheck ApiK2hdkc(K2hr3Scheme scheme, int port, string tokenFile = ApiTokenFile)
    {
        var module = scheme.ToUriScheme();
        var file = JsonSerializer.Serialize(tokenFile, ScriptJson);
        var issue = JsonSerializer.Serialize(K2hdkcReadProbe.IssuePathAndQuery, ScriptJson);
        var read = JsonSerializer.Serialize(K2hdkcReadProbe.ReadPath, ScriptJson);
        var script = string.Create(CultureInfo.InvariantCulture, $$"""
            const h=require('{{module}}');const fs=require('fs');const F={{file}};
            const q=(m,p,hd,cb)=>{const r=h.request({host:'127.0.0.1',port:{{port}},method:m,path:p,headers:hd,timeout:5000,rejectUnauthorized:false},res=>{let b='';res.setEncoding('utf8');res.on('data',d=>b+=d);res.on('end',()=>cb(res.statusCode,b));});
            r.on('timeout',()=>r.destroy(new Error('timeout')));r.on('error',()=>process.exit(1));r.end();};
            const issue=()=>q('PUT',{{issue}},{},(s,b)=>{let t='';try{t=JSON.parse(b).token||'';}catch(e){}if(s!==201||!t){process.exit(1);}fs.writeFileSync(F,t,{mode:0o600});process.exit(0);});
            q('GET','/',{},s=>{if(s!==200){process.exit(1);}let t='';try{t=fs.readFileSync(F,'utf8').trim();}catch(e){}if(!t){issue();return;}
            q('HEAD',{{read}},{'x-auth-token':'U='+t},s2=>{if(s2===204){process.exit(0);}if(s2===401){issue();return;}process.exit(1);});});
            """);
        return NodeScript(script);
    }

    /// <summary>The AMQP listener accepts connections (run mode opens an AMQP connection).</summary>
    public static ComposeHealthcheck RabbitMq() => Service(["CMD", "rabbitmq-diagnostics", "-q", "check_port_connectivity"]);

    /// <summary>A node one-liner (the script's lines joined) as a <see cref="Service"/> healthcheck.</summary>
    private static ComposeHealthcheck NodeScript(string script) => Service(Command("node", "-e", script.ReplaceLineEndings(string.Empty)));

    /// <summary>The timing of the API's, the app's and the broker's checks: every 10 s, 10 s each, 30 tries after 20 s.</summary>
    private static ComposeHealthcheck Service(List<string> test) => new()
    {
        Test = test,
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
        Test = Command(
            "bash", "-c",
            $"exec 3<>/dev/tcp/127.0.0.1/{ListenerHttpPort.ToString(CultureInfo.InvariantCulture)} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"),
        Interval = "10s",
        Timeout = "10s",
        Retries = 30,
        StartPeriod = "10s",
    };

    /// <summary>
    /// The healthcheck test for a program and its arguments: the exec form (<c>CMD</c>, program, arguments) when no
    /// argument has a space or a quote, else <c>CMD-SHELL</c> with each argument quoted for sh. Podman's Docker API
    /// (4.3, under docker-compose) splits exec-form arguments at spaces, so a script given to <c>node -e</c> arrived as
    /// "const"; one shell string reaches Docker and Podman alike.
    /// </summary>
    public static List<string> Command(params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Any(a => a.Length == 0 || a.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\' or '$' or '`'))
            ? ["CMD-SHELL", string.Join(' ', arguments.Select(ShellQuote))]
            : ["CMD", .. arguments];
    }

    /// <summary>One sh word: single quotes, each ' written as '\''.</summary>
    public static string ShellQuote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        return $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";
    }
}
