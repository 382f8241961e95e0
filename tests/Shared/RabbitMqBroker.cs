using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace K2hr3.Tests.Support;

/// <summary>
/// A private RabbitMQ node (Debian's rabbitmq-server) for tests: its own node name, AMQP and distribution ports on
/// 127.0.0.1, data/log directories and Erlang cookie under a temp directory. Nothing is shared with a system broker.
/// <para>
/// The node runs in its own process group (setsid) next to a tiny shell watchdog that SIGKILLs the group when the
/// test host disappears, so a crashed test run does not leave brokers behind.
/// </para>
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    /// <summary>The real server script; /usr/sbin/rabbitmq-server is a wrapper that switches to the rabbitmq user.</summary>
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public const string CtlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    public const string UserName = "guest";

    public const string Password = "guest";

    /// <summary>Vhosts created at boot from a definitions file (each rabbitmqctl call boots an Erlang VM: seconds on 2 cores).</summary>
    public const int PooledVirtualHosts = 40;

    private const string PooledVirtualHostPrefix = "pool-";

    private const string DirectoryPrefix = "k2hr3-rabbit-";

    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(90);

    // rabbitmqctl boots a small Erlang node that takes a port from a fixed range of 11: keep a few at a time.
    private readonly SemaphoreSlim _ctlGate = new(2, 2);
    private readonly string _directory;
    private readonly Dictionary<string, string> _environment;
    private Process? _process;
    private bool _disposed;
    private int _nextPooledVirtualHost;

    private RabbitMqBroker(string directory, string nodeName, int port, int distributionPort)
    {
        _directory = directory;
        NodeName = nodeName;
        Port = port;
        DistributionPort = distributionPort;
        _environment = BuildEnvironment();
    }

    /// <summary>Null when a broker can be started here, else a one-line reason to pass to <c>Assert.Skip</c>.</summary>
    public static string? UnavailableReason =>
        File.Exists(ServerScript) && File.Exists(CtlScript) && File.Exists("/usr/bin/setsid")
            ? null
            : $"rabbitmq-server is not installed ({ServerScript} missing): run .ci/setup-machine";

    public string NodeName { get; }

    public int Port { get; }

    public int DistributionPort { get; }

    /// <summary>How long the last (re)start took until an AMQP connection opened.</summary>
    public TimeSpan LastStartupTime { get; private set; }

    /// <summary>True between a successful start and a stop.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary><c>amqp://guest:guest@127.0.0.1:port/</c> (default vhost).</summary>
    public Uri AmqpUri => AmqpUriFor("/");

    public string LogFile => Path.Combine(_directory, "log", NodeName + ".log");

    /// <summary>Starts a new node and waits until it accepts AMQP connections.</summary>
    public static async Task<RabbitMqBroker> StartNewAsync(CancellationToken cancellationToken = default)
    {
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        RemoveStaleDirectories();
        var id = Guid.NewGuid().ToString("N")[..10];
        var directory = Path.Combine(Path.GetTempPath(), DirectoryPrefix + id);
        Directory.CreateDirectory(directory);
        var broker = new RabbitMqBroker(directory, $"k2hr3test-{id}@localhost", FreePort.Next(), FreePort.Next());
        broker.WriteConfiguration();
        try
        {
            await broker.StartAsync(cancellationToken).ConfigureAwait(false);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Uri AmqpUriFor(string virtualHost)
    {
        var path = virtualHost == "/" ? string.Empty : Uri.EscapeDataString(virtualHost);
        return new Uri($"amqp://{UserName}:{Password}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{path}");
    }

    /// <summary>A connection factory for this node (and vhost), for test-side publishing and inspection.</summary>
    public ConnectionFactory CreateConnectionFactory(string virtualHost = "/") => new()
    {
        HostName = "127.0.0.1",
        Port = Port,
        UserName = UserName,
        Password = Password,
        VirtualHost = virtualHost,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        AutomaticRecoveryEnabled = false,
    };

    /// <summary>(Re)starts the node on the same ports and data directory (restart tests keep durable queues).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        var startInfo = new ProcessStartInfo("/usr/bin/setsid")
        {
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };

        // $1 = test host pid, $2 = server script, $3 = output file. The watchdog shares the process group and takes the
        // whole group down once the test host is gone; exec keeps the server script's pid = the group leader's pid.
        startInfo.ArgumentList.Add("/bin/sh");
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(
            "( while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; kill -KILL 0 ) </dev/null >/dev/null 2>&1 & "
            + "exec \"$2\" </dev/null >>\"$3\" 2>&1");
        startInfo.ArgumentList.Add("k2hr3-rabbit-watchdog");
        startInfo.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add(ServerScript);
        startInfo.ArgumentList.Add(Path.Combine(_directory, "server.out"));
        ApplyEnvironment(startInfo);

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start " + ServerScript);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultStartTimeout);
        try
        {
            await WaitForAmqpAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
        {
            var output = Tail(Path.Combine(_directory, "server.out"));
            KillGroup();
            throw new InvalidOperationException(
                $"RabbitMQ node {NodeName} did not accept AMQP connections on 127.0.0.1:{Port} within {DefaultStartTimeout.TotalSeconds} s: {exception.Message}\n{output}",
                exception);
        }

        LastStartupTime = stopwatch.Elapsed;
    }

    /// <summary>Graceful stop (SIGTERM: the server script runs the broker's own shutdown), data kept for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not { } process)
        {
            return;
        }

        if (!process.HasExited)
        {
            UnixSignal.Send(process.Id, UnixSignal.SigTerm);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time: the restart test only needs it gone.
            }
        }

        KillGroup();
        _process = null;
    }

    /// <summary>
    /// A fresh, unused vhost with full permissions for guest; returns its name. Without a name one of the
    /// <see cref="PooledVirtualHosts"/> made at boot is handed out (instant), then new ones via rabbitmqctl.
    /// </summary>
    public async Task<string> CreateVirtualHostAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        if (name is null)
        {
            var pooled = Interlocked.Increment(ref _nextPooledVirtualHost);
            if (pooled <= PooledVirtualHosts)
            {
                return PooledVirtualHostName(pooled);
            }

            name = "test-" + Guid.NewGuid().ToString("N")[..12];
        }

        await RunCtlAsync(["add_vhost", name], cancellationToken).ConfigureAwait(false);
        await RunCtlAsync(["set_permissions", "-p", name, UserName, ".*", ".*", ".*"], cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary><c>rabbitmqctl set_policy</c>, e.g. a dead-letter-exchange policy for the malformed-message test.</summary>
    public Task SetPolicyAsync(string virtualHost, string name, string pattern, string definitionJson, string applyTo = "queues", CancellationToken cancellationToken = default)
        => RunCtlAsync(["set_policy", "-p", virtualHost, "--apply-to", applyTo, name, pattern, definitionJson], cancellationToken);

    /// <summary>Every queue of a vhost with its ready and unacknowledged message counts (what a management UI shows).</summary>
    public async Task<IReadOnlyDictionary<string, QueueCounts>> ListQueuesAsync(string virtualHost, CancellationToken cancellationToken = default)
    {
        var output = await RunCtlAsync(
            ["list_queues", "-p", virtualHost, "--no-table-headers", "--quiet", "name", "messages_ready", "messages_unacknowledged", "consumers"],
            cancellationToken).ConfigureAwait(false);
        var queues = new Dictionary<string, QueueCounts>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length == 4)
            {
                queues[fields[0]] = new QueueCounts(
                    int.Parse(fields[1], CultureInfo.InvariantCulture),
                    int.Parse(fields[2], CultureInfo.InvariantCulture),
                    int.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }

        return queues;
    }

    /// <summary>Runs rabbitmqctl against this node; returns stdout, throws with the output on a non-zero exit.</summary>
    public async Task<string> RunCtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        await _ctlGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var startInfo = new ProcessStartInfo(CtlScript)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = _directory,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            ApplyEnvironment(startInfo);
            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start " + CtlScript);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"rabbitmqctl {string.Join(' ', arguments)} did not finish within 60 s");
            }

            var output = await stdout.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"rabbitmqctl {string.Join(' ', arguments)} exited {process.ExitCode}: {output}{await stderr.ConfigureAwait(false)}");
            }

            return output;
        }
        finally
        {
            _ctlGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        KillGroup();
        if (_process is { } process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGKILL was sent; nothing more to do.
            }

            process.Dispose();
        }

        _ctlGate.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp dir is cleaned up by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Data directories left by test hosts that were killed (the watchdog killed their node, nobody deleted the files):
    /// removed when their node's pid is gone and they are older than a minute (a parallel run's fresh node is kept).
    /// </summary>
    private static void RemoveStaleDirectories()
    {
        foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(DirectoryPrefix + "*"))
        {
            try
            {
                var pidFile = Path.Combine(directory.FullName, "rabbit.pid");
                var alive = File.Exists(pidFile)
                    && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
                if (!alive && directory.LastWriteTimeUtc < DateTime.UtcNow.AddMinutes(-1))
                {
                    directory.Delete(recursive: true);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Someone else's or in use: leave it.
            }
        }
    }

    private static string PooledVirtualHostName(int number) => PooledVirtualHostPrefix + number.ToString("00", CultureInfo.InvariantCulture);

    private void WriteConfiguration()
    {
        // Loopback listener only; guest keeps its default "loopback only" restriction, which is exactly how tests connect.
        var definitions = Path.Combine(_directory, "definitions.json");
        File.WriteAllText(
            Path.Combine(_directory, "rabbitmq.conf"),
            $"listeners.tcp.default = 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}\n"
            + $"load_definitions = {definitions}\n"
            + "log.console = false\n"
            + "log.file.level = info\n");
        File.WriteAllText(definitions, BootDefinitions());
        File.WriteAllText(Path.Combine(_directory, "enabled_plugins"), "[].\n");

        // An empty env file keeps /etc/rabbitmq/rabbitmq-env.conf (system node settings) out of the picture.
        File.WriteAllText(Path.Combine(_directory, "rabbitmq-env.conf"), string.Empty);
    }

    /// <summary>
    /// Definitions imported at boot: guest (its usual password, as RabbitMQ's SHA-256 hash), the default vhost and the
    /// vhost pool. Importing definitions skips the default user/vhost creation, hence both are listed.
    /// </summary>
    private static string BootDefinitions()
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(Password)]);
        var virtualHosts = new[] { "/" }.Concat(Enumerable.Range(1, PooledVirtualHosts).Select(PooledVirtualHostName)).ToList();
        return JsonSerializer.Serialize(new
        {
            users = new[]
            {
                new { name = UserName, password_hash = Convert.ToBase64String([.. salt, .. hash]), hashing_algorithm = "rabbit_password_hashing_sha256", tags = new[] { "administrator" } },
            },
            vhosts = virtualHosts.Select(name => new { name }),
            permissions = virtualHosts.Select(vhost => new { user = UserName, vhost, configure = ".*", write = ".*", read = ".*" }),
        });
    }

    private Dictionary<string, string> BuildEnvironment() => new(StringComparer.Ordinal)
    {
        ["HOME"] = _directory, // the Erlang cookie lives here, shared by the node and rabbitmqctl
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),

        // Set explicitly: the default (AMQP port + 20000) overflows 65535 for ephemeral ports.
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log"),
        ["RABBITMQ_PID_FILE"] = Path.Combine(_directory, "rabbit.pid"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_directory, "rabbitmq-env.conf"),

        // Keep Erlang distribution (epmd and the node's dist port) on loopback too.
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
    };

    private void ApplyEnvironment(ProcessStartInfo startInfo)
    {
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("RABBITMQ_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, value) in _environment)
        {
            startInfo.Environment[key] = value;
        }
    }

    private async Task WaitForAmqpAsync(CancellationToken cancellationToken)
    {
        var factory = CreateConnectionFactory();
        factory.RequestedConnectionTimeout = TimeSpan.FromSeconds(2);
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited with code {_process?.ExitCode}");
            }

            try
            {
                await using var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (exception is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or System.Net.Sockets.SocketException)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void KillGroup()
    {
        if (_process is { } process)
        {
            UnixSignal.SendToGroup(process.Id, UnixSignal.SigKill);
        }
    }

    private static string Tail(string path)
    {
        if (!File.Exists(path))
        {
            return "(no server output)";
        }

        var lines = File.ReadAllLines(path, Encoding.UTF8);
        return string.Join('\n', lines.TakeLast(30));
    }
}

/// <summary>Message counts of one queue: ready (waiting), unacknowledged (delivered, not settled), consumers.</summary>
public readonly record struct QueueCounts(int Ready, int Unacknowledged, int Consumers);
