namespace K2hr3.Tests.Support;

/// <summary>
/// Role writes and reads through the API, one after the other, until stopped: each adds a host to the role and
/// reads the role back, which must list it. Every failure is kept with the phase it happened in.
/// </summary>
internal sealed class RoleTraffic
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly ClusterAdmin _admin;
    private readonly string _role;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string Phase, string Ip, string Cuk)> _written = [];
    private readonly List<string> _failures = [];
    private readonly List<string> _slow = [];
    private readonly List<string> _retried = [];
    private int _requests;
    private int _reads;
    private int _incompleteReads;
    private TimeSpan _slowest;
    private Task? _loop;

    private RoleTraffic(ClusterAdmin admin, string role)
    {
        _admin = admin;
        _role = role;
    }

    public volatile string Phase = "both nodes up";

    /// <summary>
    /// Reads only, no writes (while a node rejoins): the API changes a role's hosts by reading the subkey list,
    /// changing it and writing it back, so a write served from a node still merging wrote back a list without hosts
    /// it had not merged yet — measured: one host written before the outage gone from both nodes. README
    /// "Reliability" tells operators to hold writes for those seconds; the test does the same.
    /// </summary>
    public volatile bool ReadsOnly;

    public static RoleTraffic Start(ClusterAdmin admin, string role)
    {
        var traffic = new RoleTraffic(admin, role);
        traffic._loop = Task.Run(traffic.RunAsync);
        return traffic;
    }

    public async Task<Results> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop!.WaitAsync(TimeSpan.FromSeconds(60), Token);
        _stop.Dispose();
        return new Results(_written, _failures, _requests, _slowest, _slow, _retried, _reads, _incompleteReads);
    }

    /// <summary>
    /// What of <paramref name="written"/> a role read does not list, reading up to 10 times a second apart: the real API
    /// answers a role it could not read as 200 and empty, a request that waited for a node that just left can lose its
    /// connection, and a host whose key the API could not read is left out. What any read lists, the node holds; a host
    /// missing from every read is lost. Each retry is a line in <paramref name="output"/>.
    /// </summary>
    public static async Task<List<(string Phase, string Ip, string Cuk)>> UnreadAsync(
        ClusterAdmin admin, string role, IEnumerable<(string Phase, string Ip, string Cuk)> written, ITestOutputHelper output, string situation)
    {
        var lost = written.ToList();
        for (var attempt = 1; attempt <= 10 && lost.Count > 0; attempt++)
        {
            try
            {
                var read = await admin.GetRoleAsync(role);
                lost = [.. lost.Where(w => !read.HasIp(w.Ip, w.Cuk))];
                if (lost.Count > 0)
                {
                    output.WriteLine($"read {attempt} with {situation}: {read.Ips.Count} hosts, {lost.Count} not seen yet; reading again");
                }
            }
            catch (K2hr3ApiException ex)
            {
                output.WriteLine($"read {attempt} with {situation} failed ({ex.Message}); reading again");
            }

            await Task.Delay(lost.Count > 0 ? TimeSpan.FromSeconds(1) : TimeSpan.Zero, Token);
        }

        return lost;
    }

    private async Task RunAsync()
    {
        for (var i = 1; !_stop.IsCancellationRequested; i++)
        {
            var phase = Phase;
            if (ReadsOnly)
            {
                await ReadAsync(phase);
                continue;
            }

            var ip = $"10.13.{i / 250}.{(i % 250) + 1}";
            var cuk = Guid.NewGuid().ToString();
            var started = Stopwatch.StartNew();
            try
            {
                await WithOneRetryAsync(() => _admin.Client.AddHostAsync(_admin.UserToken, _role, ip, cuk, "openstack-auto-v1", Token), phase);
                Interlocked.Increment(ref _requests);
                _written.Add((phase, ip, cuk));
                // A read while a node goes away can leave out a host whose key the API could not read (it answers 200 with
                // what it read: UnreadAsync). Such a read is counted; a host no read lists within 5 s is a failure.
                for (var read = 1; ; read++)
                {
                    var role = await WithOneRetryAsync(() => _admin.GetRoleAsync(_role), phase);
                    Interlocked.Increment(ref _requests);
                    if (role.HasIp(ip, cuk))
                    {
                        break;
                    }

                    if (read == 1)
                    {
                        _incompleteReads++;
                    }

                    if (read == 5)
                    {
                        _failures.Add($"{phase}: {ip} written but not read back in {read} reads");
                        break;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !Token.IsCancellationRequested)
            {
                _failures.Add($"{phase}: {ex.GetType().Name}: {ex.Message}");
            }

            _slowest = started.Elapsed > _slowest ? started.Elapsed : _slowest;
            if (started.Elapsed > TimeSpan.FromSeconds(2))
            {
                _slow.Add($"{phase}: {started.Elapsed.TotalSeconds:0.0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    /// <summary>A role read that must succeed; one that leaves out a host written before is counted, not failed.</summary>
    private async Task ReadAsync(string phase)
    {
        try
        {
            var role = await WithOneRetryAsync(() => _admin.GetRoleAsync(_role), phase);
            Interlocked.Increment(ref _requests);
            _reads++;
            if (_written.Any(w => !role.HasIp(w.Ip, w.Cuk)))
            {
                _incompleteReads++;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !Token.IsCancellationRequested)
        {
            _failures.Add($"{phase}: read: {ex.GetType().Name}: {ex.Message}");
        }

        await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
    }

    /// <summary>
    /// Like any client of the API (the listener retries too): a request that got no answer is sent once more. The
    /// API is one Node process whose k2hdkc calls block it while a request waits for a node that just went away
    /// (up to chmpx's MQ time-out, ~10 s here); connections it then closes fail without an answer.
    /// </summary>
    private async Task<T> WithOneRetryAsync<T>(Func<Task<T>> request, string phase)
    {
        try
        {
            return await request();
        }
        catch (Exception ex) when (ex is K2hr3ApiException or HttpRequestException or TaskCanceledException && !Token.IsCancellationRequested)
        {
            _retried.Add($"{phase}: {ex.Message}");
            return await request();
        }
    }

    private Task<bool> WithOneRetryAsync(Func<Task> request, string phase) => WithOneRetryAsync(async () =>
    {
        await request();
        return true;
    }, phase);

    public sealed record Results(IReadOnlyList<(string Phase, string Ip, string Cuk)> Written, IReadOnlyList<string> Failures, int Requests, TimeSpan Slowest, IReadOnlyList<string> Slow, IReadOnlyList<string> Retried, int Reads, int IncompleteReads)
    {
        public string Summary() =>
            $"{Requests} role requests ({Written.Count} writes, each read back; {Reads} reads alone; {IncompleteReads} reads left out a host, read again), {Failures.Count} failed, slowest request {Slowest.TotalMilliseconds:0} ms; per phase: "
            + string.Join(", ", Written.GroupBy(w => w.Phase).Select(g => $"{g.Key} {g.Count()} writes"))
            + (Slow.Count > 0 ? $"; over 2 s: {string.Join(", ", Slow)}" : string.Empty)
            + $"; {Retried.Count} needed a retry" + (Retried.Count > 0 ? $" ({string.Join(" | ", Retried)})" : string.Empty)
            + (Failures.Count > 0 ? $"; failures: {string.Join(" | ", Failures.Take(10))}" : string.Empty);
    }
}
