using System.Text.RegularExpressions;

namespace K2hr3.AppHost.Dkc;

/// <summary>One server as a chmpx sees it: <c>host:ctlport</c> and its status.</summary>
internal sealed record ChmpxServerView(string Name, ChmpxSelfStatus Status);

/// <summary>
/// What one chmpx (a server or a slave) reports of the ring — its own status and every server's as it sees them — from
/// <c>chmpxstatus</c> without <c>-self</c>. Each chmpx learns the others' statuses from messages, so views differ for a
/// while: a joining node was seen at <c>[n/a][Nothing]</c> in its own view while its peer still held it at
/// <c>[ADD][Doing]</c>, and an API's slave held a node at <c>[ADD][Doing]</c> for minutes. A slave routes by its own view
/// and leaves a joining server out of the hash, so what the API writes then lands on the other nodes only and reads
/// back as missing once the view moves on.
/// </summary>
internal sealed partial record ChmpxRingView(ChmpxSelfStatus Self, IReadOnlyList<ChmpxServerView> Servers)
{
    /// <summary>The view in <paramref name="chmpxStatusOutput"/>; null when it names no self status.</summary>
    public static ChmpxRingView? Parse(string chmpxStatusOutput)
    {
        ArgumentNullException.ThrowIfNull(chmpxStatusOutput);
        if (ChmpxSelfStatus.Parse(chmpxStatusOutput) is not { } self)
        {
            return null;
        }

        var servers = new List<ChmpxServerView>();
        var inServers = false;
        string host = "?", controlPort = "?";
        foreach (var raw in chmpxStatusOutput.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("server chmpxs", StringComparison.Ordinal) || line.StartsWith("slave chmpxs", StringComparison.Ordinal))
            {
                inServers = line.StartsWith("server", StringComparison.Ordinal);
                continue;
            }

            var field = Field().Match(line);
            if (!inServers || !field.Success)
            {
                continue;
            }

            switch (field.Groups["key"].Value)
            {
                case "hostname":
                    host = field.Groups["value"].Value;
                    break;
                case "control port":
                    controlPort = field.Groups["value"].Value;
                    break;
                case "status" when ChmpxSelfStatus.FromStatusLine(host, line) is { } status:
                    servers.Add(new ChmpxServerView($"{host}:{controlPort}", status));
                    host = controlPort = "?";
                    break;
            }
        }

        return new ChmpxRingView(self, servers);
    }

    /// <summary>
    /// Why a client of this chmpx could not yet rely on the ring, or null when it can. A server: its own join is
    /// finished and no server it sees in service is joining or leaving (one out of service or down is no obstacle:
    /// not started yet, or lost, and then its replica serves). A slave (<paramref name="everyServerInService"/>): it
    /// sees every server up, in service and settled — it was started once they all were, so anything else is a view
    /// it has not caught up with yet.
    /// </summary>
    public string? Unsettled(bool everyServerInService)
    {
        if (!everyServerInService && !ChmpxState.IsMerged(Self))
        {
            return Self.Text;
        }

        var server = Servers.FirstOrDefault(s => everyServerInService
            ? !(s.Status.ServiceIn && s.Status.Up && ChmpxState.IsMerged(s.Status))
            : s.Status.ServiceIn && !ChmpxState.IsMerged(s.Status));
        return server is null
            ? (everyServerInService && Servers.Count == 0 ? "it lists no server" : null)
            : $"it sees server {server.Name} at {server.Status.Text}";
    }

    [GeneratedRegex(@"^(?<key>[a-z][a-z ]*[a-z])\s+=\s*(?<value>\S.*?)\s*$", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex Field();
}
