namespace K2hr3.AppHost.Hosting;

/// <summary>What the auto probe found out about a container engine.</summary>
/// <param name="CanRun">The engine ran a container (Podman) or its daemon answered (Docker).</param>
/// <param name="Detail">What was checked, or why the engine cannot run containers and what to fix.</param>
public sealed record ContainerEngineStatus(bool CanRun, string Detail);

/// <summary>Answers whether a container engine can run containers; injectable so tests decide without one.</summary>
public interface IContainerRuntimeProbe
{
    ContainerEngineStatus Probe(string containerRuntime);
}

/// <summary>
/// Asks the container CLI. Docker: the daemon's version (<c>docker info</c>; a missing daemon fails fast). Podman has
/// no daemon and <c>podman info</c> answers even where every <c>podman run</c> fails (rlimits refused by a sandbox, an
/// OCI runtime that rejects the cgroup layout), so Podman must really start a container: one on an empty root
/// directory whose command does not exist. Reaching "not found" proves namespaces, cgroups, rlimits and mounts work;
/// no image, pull or network is needed and <c>--rm</c> leaves nothing behind.
/// </summary>
internal sealed class CliContainerRuntimeProbe(TimeSpan timeout) : IContainerRuntimeProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The first <c>podman run</c> of a boot sets up storage and cgroups: give it longer than a version query.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    private const string ProbeCommand = "/k2hr3-engine-probe";

    public CliContainerRuntimeProbe()
        : this(DefaultTimeout)
    {
    }

    public ContainerEngineStatus Probe(string containerRuntime)
    {
        // Runs once while the model is built (top-level statements, no synchronization context): blocking is fine.
        var version = Run(containerRuntime, ["--version"], timeout);
        if (!version.Succeeded)
        {
            return new(false, $"'{containerRuntime} --version' failed: {FirstLine(version.StandardError) ?? $"exit code {version.ExitCode}"}");
        }

        if (version.StandardOutput.TrimStart().StartsWith("podman", StringComparison.OrdinalIgnoreCase))
        {
            return ProbePodman(containerRuntime);
        }

        var info = Run(containerRuntime, ["info", "--format", "{{.ServerVersion}}"], timeout);
        return info.Succeeded && !string.IsNullOrWhiteSpace(info.StandardOutput)
            ? new(true, $"'{containerRuntime} info' answered (server {info.StandardOutput.Trim()})")
            : new(false, $"'{containerRuntime} info' did not answer: {FirstLine(info.StandardError) ?? "no server version"}");
    }

    /// <summary>Why a podman run failed, in the words of the fix (PLATFORM facts of this machine kind).</summary>
    public static string ExplainPodmanFailure(string standardError)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        var line = FirstLine(standardError) ?? "no error text";
        if (standardError.Contains("rlimit", StringComparison.OrdinalIgnoreCase))
        {
            return $"podman cannot run containers here ({line}) — the system refuses to raise process limits: set default_ulimits = [\"nofile=20000:20000\", \"nproc=4096:4096\"] under [containers] in /etc/containers/containers.conf (sudo bash eng/podman-rlimits.sh does it)";
        }

        if (standardError.Contains("hybrid mode", StringComparison.OrdinalIgnoreCase))
        {
            return $"podman cannot run containers here ({line}) — crun rejects this cgroup layout: install runc and set runtime = \"runc\" under [engine] in /etc/containers/containers.conf (sudo bash eng/podman-rlimits.sh does it)";
        }

        // netavark runs iptables to set up every container's network; where iptables is missing it says only this.
        if (standardError.Contains("netavark: No such file or directory", StringComparison.Ordinal))
        {
            return $"podman cannot run containers here ({line}) — netavark needs iptables to set up the network: install iptables (sudo bash .ci/setup-machine does it)";
        }

        return $"podman cannot run containers here: {line}";
    }

    /// <summary>Where Debian and upstream install CNI plugins (the dnsname plugin gives CNI networks their DNS).</summary>
    private static readonly string[] CniDnsPluginDirectories = ["/usr/lib/cni", "/usr/libexec/cni", "/opt/cni/bin"];

    /// <summary>Whether CNI's dnsname plugin is installed here.</summary>
    public static bool HasCniDnsPlugin => CniDnsPluginDirectories.Any(d => File.Exists(Path.Combine(d, "dnsname")));

    /// <summary>
    /// The cluster's containers find each other by name (k2hdkc-0, k2hr3-api), so a network without DNS is no use:
    /// Debian's podman installed without its recommendations runs on CNI, which has DNS only with the dnsname plugin.
    /// Null when names resolve (netavark runs aardvark-dns; CNI with dnsname).
    /// </summary>
    public static string? ExplainPodmanNetwork(string networkBackend, bool cniDnsPlugin)
        => string.Equals(networkBackend, "cni", StringComparison.OrdinalIgnoreCase) && !cniDnsPlugin
            ? "podman runs containers here, but its CNI networks have no DNS, so the data nodes could not find each other by name — install netavark and aardvark-dns and set network_backend = \"netavark\" under [network] in /etc/containers/containers.conf (sudo bash eng/podman-rlimits.sh does it once they are installed)"
            : null;

    private static ContainerEngineStatus ProbePodman(string podman)
    {
        var rootfs = Directory.CreateTempSubdirectory("k2hr3-engine-probe-");
        try
        {
            var run = Run(podman, ["run", "--rm", "--network", "none", "--rootfs", rootfs.FullName, ProbeCommand], RunTimeout);
            if (run.TimedOut)
            {
                return new(false, $"'{podman} run' did not finish within {RunTimeout.TotalSeconds:0} s");
            }

            // 127 = the runtime set the container up and only the (deliberately missing) command was not found.
            var started = run.ExitCode == 127 || (run.StandardError.Contains(ProbeCommand, StringComparison.Ordinal) && run.StandardError.Contains("not found", StringComparison.OrdinalIgnoreCase));
            if (!started)
            {
                return new(false, ExplainPodmanFailure(run.StandardError));
            }

            var backend = Run(podman, ["info", "--format", "{{.Host.NetworkBackend}}"], RunTimeout);
            return ExplainPodmanNetwork(backend.StandardOutput.Trim(), HasCniDnsPlugin) is { } problem
                ? new(false, problem)
                : new(true, $"'{podman} run' started a container");
        }
        finally
        {
            try
            {
                rootfs.Delete(recursive: true);
            }
            catch (IOException)
            {
                // podman may leave root-owned mount points behind in the temp folder; nothing else depends on it.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static ProcessResult Run(string file, string[] arguments, TimeSpan limit) =>
        ProcessRunner.RunAsync(file, arguments, limit, CancellationToken.None).GetAwaiter().GetResult();

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
