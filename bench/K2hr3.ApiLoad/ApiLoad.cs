using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace K2hr3.ApiLoad;

public sealed record LoadOptions(Uri Api, TimeSpan Duration, int Writers, int Readers, int Deleters, int Roles, string? MarkdownFile, string[] Arguments);

/// <summary>
/// Loads a running K2HR3 API for a fixed time with three kinds of clients at once, each a loop of one request after
/// the other: writers add a new VM host to a role (<c>PUT /v1/role/&lt;role&gt;?host=&amp;port=0&amp;cuk=&amp;extra=openstack-auto-v1</c>,
/// scoped user token), readers read a role (<c>GET /v1/role/&lt;role&gt;?expand=false</c>), deleters send the request the
/// listener sends for a deleted VM (<c>DELETE /v1/role?extra=openstack-auto-v1&amp;cuk=&amp;host=["ip"]</c>, no token) for
/// hosts the writers added. Afterwards every role is read once more: a deleted host still listed, or a written and not
/// deleted one missing, is counted as wrong.
/// </summary>
internal static class ApiLoad
{
    private const string Extra = "openstack-auto-v1";

    public static async Task<int> RunAsync(LoadOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(30) };
        var run = Guid.NewGuid().ToString("N")[..8];
        var token = await ScopedTokenAsync(http, cancellationToken).ConfigureAwait(false);
        var roles = Enumerable.Range(0, options.Roles).Select(i => $"apiload-{run}-{i}").ToArray();
        foreach (var role in roles)
        {
            using var create = Request(HttpMethod.Put, $"/v1/role?name={role}&policies=&alias=", token);
            using var created = await http.SendAsync(create, cancellationToken).ConfigureAwait(false);
            if (created.StatusCode != HttpStatusCode.Created)
            {
                await output.WriteLineAsync($"could not create role {role}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}").ConfigureAwait(false);
                return 2;
            }
        }

        var writes = new OperationStats("role host write (PUT)");
        var reads = new OperationStats("role read (GET)");
        var deletes = new OperationStats("listener delete (DELETE)");
        var written = new ConcurrentQueue<Host>();
        var deleted = new ConcurrentBag<Host>();
        var kept = new ConcurrentBag<Host>();
        var load = new LoadAverage();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        var clock = Stopwatch.StartNew();
        var workers = new List<Task>();
        for (var w = 0; w < options.Writers; w++)
        {
            var writer = w;
            workers.Add(Task.Run(() => WriteLoopAsync(http, token, roles, writer, writes, written, stop.Token), CancellationToken.None));
        }

        for (var r = 0; r < options.Readers; r++)
        {
            var reader = r;
            workers.Add(Task.Run(() => ReadLoopAsync(http, token, roles, reader, reads, stop.Token), CancellationToken.None));
        }

        for (var d = 0; d < options.Deleters; d++)
        {
            workers.Add(Task.Run(() => DeleteLoopAsync(http, deletes, written, deleted, stop.Token), CancellationToken.None));
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var loadAtEnd = LoadAverage.Read();
        while (written.TryDequeue(out var host))
        {
            kept.Add(host);
        }

        var check = await CheckRolesAsync(http, token, roles, kept, deleted, cancellationToken).ConfigureAwait(false);
        var table = Table(options, [writes, reads, deletes], elapsed, check, load.AtStart, loadAtEnd);
        await output.WriteLineAsync(table).ConfigureAwait(false);
        if (options.MarkdownFile is { } file)
        {
            await File.WriteAllTextAsync(file, table, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task WriteLoopAsync(HttpClient http, string token, string[] roles, int writer, OperationStats stats, ConcurrentQueue<Host> written, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var host = new Host(roles[(writer + n) % roles.Length], $"10.{100 + writer}.{n / 250 % 250}.{(n % 250) + 1}", Guid.NewGuid().ToString());
            var ok = await stats.TimeAsync(
                () => Request(HttpMethod.Put, $"/v1/role/{host.Role}?host={host.Ip}&port=0&cuk={host.Cuk}&extra={Extra}", token),
                HttpStatusCode.Created,
                http).ConfigureAwait(false);
            if (ok)
            {
                written.Enqueue(host);
            }
        }
    }

    private static async Task ReadLoopAsync(HttpClient http, string token, string[] roles, int reader, OperationStats stats, CancellationToken stop)
    {
        for (var n = reader; !stop.IsCancellationRequested; n++)
        {
            await stats.TimeAsync(() => Request(HttpMethod.Get, $"/v1/role/{roles[n % roles.Length]}?expand=false", token), HttpStatusCode.OK, http).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes every other written host, as the listener would for a deleted VM; the rest must stay.</summary>
    private static async Task DeleteLoopAsync(HttpClient http, OperationStats stats, ConcurrentQueue<Host> written, ConcurrentBag<Host> deleted, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (!written.TryDequeue(out var host))
            {
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            if (!written.TryDequeue(out var victim))
            {
                written.Enqueue(host);
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            written.Enqueue(host); // keep one, delete the next
            var hosts = Uri.EscapeDataString($"[\"{victim.Ip}\"]");
            var ok = await stats.TimeAsync(
                () => new HttpRequestMessage(HttpMethod.Delete, $"/v1/role?extra={Extra}&cuk={victim.Cuk}&host={hosts}"),
                HttpStatusCode.NoContent,
                http).ConfigureAwait(false);
            if (ok)
            {
                deleted.Add(victim);
            }
            else
            {
                written.Enqueue(victim); // not deleted: it must still be listed
            }
        }
    }

    private static async Task<Check> CheckRolesAsync(HttpClient http, string token, string[] roles, IEnumerable<Host> kept, IEnumerable<Host> deleted, CancellationToken cancellationToken)
    {
        var listed = new HashSet<(string Role, string Ip, string Cuk)>();
        foreach (var role in roles)
        {
            using var request = Request(HttpMethod.Get, $"/v1/role/{role}?expand=false", token);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            foreach (var entry in body.GetProperty("role").GetProperty("hosts").GetProperty("ips").EnumerateArray())
            {
                var fields = (entry.GetString() ?? string.Empty).Split(' ');
                if (fields.Length >= 3)
                {
                    listed.Add((role, fields[0], fields[2]));
                }
            }
        }

        var keptList = kept.ToList();
        var deletedList = deleted.ToList();
        return new Check(
            keptList.Count,
            deletedList.Count,
            keptList.Count(h => !listed.Contains((h.Role, h.Ip, h.Cuk))),
            deletedList.Count(h => listed.Contains((h.Role, h.Ip, h.Cuk))));
    }

    private static async Task<string> ScopedTokenAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsync("/v1/user/tokens?username=apiload&password=x&tenantname=tenant0", null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"no scoped token from {http.BaseAddress}: {(int)response.StatusCode}");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return body.GetProperty("token").GetString() ?? throw new InvalidOperationException("token missing in the answer");
    }

    private static HttpRequestMessage Request(HttpMethod method, string pathAndQuery, string token)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Add("x-auth-token", $"U={token}");
        return request;
    }

    private static string Table(LoadOptions options, IReadOnlyList<OperationStats> operations, TimeSpan elapsed, Check check, string loadAtStart, string loadAtEnd)
    {
        var text = new StringBuilder();
        var seconds = elapsed.TotalSeconds;
        text.AppendLine(CultureInfo.InvariantCulture, $"K2HR3 API under load: {options.Writers} writers, {options.Readers} readers, {options.Deleters} deleters, {options.Roles} roles, {seconds:0.0} s against {options.Api}");
        text.AppendLine();
        text.AppendLine("| operation | requests | requests/s | errors | p50 ms | p95 ms | p99 ms | max ms | error statuses |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var op in operations.Append(OperationStats.Total(operations)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {op.Name} | {op.Count} | {op.Count / seconds:0.0} | {op.Errors} | {op.Percentile(50):0} | {op.Percentile(95):0} | {op.Percentile(99):0} | {op.Percentile(100):0} | {op.ErrorSummary()} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Afterwards: {check.Kept} hosts written and kept — {check.Missing} missing; {check.Deleted} deleted — {check.StillListed} still listed.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, load average {loadAtStart} at start, {loadAtEnd} at end; `{string.Join(' ', options.Arguments)}`.");
        return text.ToString();
    }

    private sealed record Host(string Role, string Ip, string Cuk);

    private sealed record Check(int Kept, int Deleted, int Missing, int StillListed);

    private sealed class LoadAverage
    {
        public string AtStart { get; } = Read();

        public static string Read() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    }
}

/// <summary>Counts, errors (by status or exception type) and latencies of one kind of request.</summary>
internal sealed class OperationStats(string name)
{
    private readonly ConcurrentBag<double> _milliseconds = [];
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public int Count => _milliseconds.Count;

    public int Errors => _errors.Values.Sum();

    public static OperationStats Total(IEnumerable<OperationStats> operations)
    {
        var total = new OperationStats("all");
        foreach (var op in operations)
        {
            foreach (var ms in op._milliseconds)
            {
                total._milliseconds.Add(ms);
            }

            foreach (var (key, count) in op._errors)
            {
                total._errors.AddOrUpdate(key, count, (_, c) => c + count);
            }
        }

        return total;
    }

    /// <summary>
    /// Sends one request and waits for its answer (bounded by the client's time-out) even when the run ends meanwhile:
    /// a request cut short could still have been carried out, and the check afterwards would count it wrongly.
    /// True when it was answered <paramref name="expected"/>.
    /// </summary>
    public async Task<bool> TimeAsync(Func<HttpRequestMessage> create, HttpStatusCode expected, HttpClient http)
    {
        using var request = create();
        var started = Stopwatch.GetTimestamp();
        string? error;
        try
        {
            using var response = await http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
            error = response.StatusCode == expected ? null : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            error = ex.GetType().Name;
        }

        _milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (error is not null)
        {
            _errors.AddOrUpdate(error, 1, (_, c) => c + 1);
        }

        return error is null;
    }

    public double Percentile(int percent)
    {
        var sorted = _milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var index = (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    public string ErrorSummary() => _errors.IsEmpty ? "–" : string.Join(", ", _errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} ×{e.Value}"));
}
