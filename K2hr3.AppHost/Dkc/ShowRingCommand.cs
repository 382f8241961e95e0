using System.Globalization;
using System.Text.RegularExpressions;

namespace K2hr3.AppHost.Dkc;

/// <summary>
/// "Show ring" on every data node: <c>chmpxstatus</c> of the whole cluster as that node's chmpx sees it (every server
/// and slave with its ring and live status), printed into the node's log; the command's answer sums it up per node.
/// </summary>
internal static partial class ShowRingCommand
{
    public const string Name = "show-ring";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    internal static void Add<T>(IResourceBuilder<T> node, DkcTopology topology, ChmpxStatusInvocation invocation)
        where T : IResource
    {
        node.WithCommand(
            Name,
            "Show ring",
            context => ExecuteAsync(context, topology, invocation),
            new CommandOptions
            {
                Description = "Prints chmpxstatus of the cluster (every server and slave: ring, live and merge status) into this node's log.",
                IconName = "DataUsage",
                UpdateState = context => DataNodeLifecycle.IsStopped(context.ResourceSnapshot) ? ResourceCommandState.Disabled : ResourceCommandState.Enabled,
            });
    }

    private static async Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context, DkcTopology topology, ChmpxStatusInvocation invocation)
    {
        var command = await invocation.ResolveAsync(context.Services, context.CancellationToken).ConfigureAwait(false);
        if (command.File is null)
        {
            return CommandResults.Failure(command.NotReadyReason);
        }

        var result = await ProcessRunner.RunAsync(command.File, command.Arguments, CommandTimeout, context.CancellationToken).ConfigureAwait(false);
        // The command's logger writes to the running instance's log (k2hdkc-0-abcd1234), which the dashboard shows.
        var logger = context.Logger;
        var output = result.StandardOutput + result.StandardError;
        ShowRingLog.Header(logger, string.Join(' ', [command.File, .. command.Arguments]), result.ExitCode);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            ShowRingLog.Line(logger, line.TrimEnd());
        }

        if (!result.Succeeded)
        {
            return CommandResults.Failure($"chmpxstatus exited {result.ExitCode}: {output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()}");
        }

        var summary = Summarize(result.StandardOutput, topology);
        ShowRingLog.Summary(logger, summary);
        return CommandResults.Success($"ring: {summary}", result.StandardOutput, CommandResultFormat.Text);
    }

    /// <summary>
    /// One entry per server and slave chmpx in <c>chmpxstatus</c>'s output, e.g. <c>k2hdkc-0 [SERVICE IN][UP]</c>.
    /// A server is named by its resource: by its custom id seed (containers, where every node has control port 8021,
    /// the seed is its network alias), else by its control port when only one node has it (processes); chmpx's own
    /// name for it follows in parentheses when that differs from the node's host name (containers: the address chmpx
    /// holds, e.g. <c>k2hdkc-1 (10.89.0.4) [SERVICE OUT][DOWN]</c>). A server matching no node is <c>host:ctlport</c>.
    /// </summary>
    public static string Summarize(string chmpxStatusOutput, DkcTopology topology)
    {
        ArgumentNullException.ThrowIfNull(chmpxStatusOutput);
        ArgumentNullException.ThrowIfNull(topology);
        var entries = new List<string>();
        string? section = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in chmpxStatusOutput.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("server chmpxs", StringComparison.Ordinal) || line.StartsWith("slave chmpxs", StringComparison.Ordinal))
            {
                section = line.StartsWith("server", StringComparison.Ordinal) ? "server" : "slave";
                continue;
            }

            if (section is null)
            {
                continue;
            }

            var match = KeyValue().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var key = match.Groups["key"].Value;
            if (key != "status")
            {
                fields[key] = match.Groups["value"].Value.Trim();
                continue;
            }

            var status = string.Concat(Brackets().Matches(match.Groups["value"].Value).Take(2).Select(m => m.Value));
            entries.Add($"{(section == "server" ? ServerName(fields, topology) : "slave")} {status}");
            fields.Clear();
        }

        return entries.Count > 0 ? string.Join("; ", entries) : "no chmpx listed";
    }

    private static string ServerName(Dictionary<string, string> fields, DkcTopology topology)
    {
        var host = fields.GetValueOrDefault("hostname", "?");
        var controlPort = fields.GetValueOrDefault("control port", "?");
        var seed = fields.GetValueOrDefault("custom id seed", string.Empty);
        bool HasPort(DkcNode n) => n.ControlPort.ToString(CultureInfo.InvariantCulture) == controlPort;
        var bySeed = seed.Length > 0 ? topology.Nodes.FirstOrDefault(n => n.HostName == seed && HasPort(n)) : null;
        if (bySeed is not null)
        {
            return host == bySeed.HostName ? bySeed.ResourceName : $"{bySeed.ResourceName} ({host})";
        }

        var byHost = topology.Nodes.FirstOrDefault(n => n.HostName == host && HasPort(n));
        var byPort = topology.Nodes.Where(HasPort).ToList();
        return byHost?.ResourceName ?? (byPort.Count == 1 ? byPort[0].ResourceName : $"{host}:{controlPort}");
    }

    [GeneratedRegex(@"^(?<key>[a-z][a-z ]*[a-z])\s+=\s*(?<value>.*)$", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"\[[^\]]*\]", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex Brackets();
}

internal static partial class ShowRingLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "show ring: {Command} (exit {ExitCode})")]
    public static partial void Header(ILogger logger, string command, int exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    public static partial void Line(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "ring: {Summary}")]
    public static partial void Summary(ILogger logger, string summary);
}
