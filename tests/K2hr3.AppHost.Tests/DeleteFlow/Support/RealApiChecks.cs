namespace K2hr3.Tests.DeleteFlow.Support;

/// <summary>What the real API shows of the delete flow, whichever runtime (processes or containers) runs it.</summary>
public static class RealApiChecks
{
    private static readonly TimeSpan FlowTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LogArrivalTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The run-mode scenario: the bootstrap registered the listener in the delhostrole and seeded the demo VM; "Simulate
    /// neutron port delete" (the command's defaults: the demo VM) and "Simulate nova instance delete" (a VM of this
    /// test, by instance id alone) each make the real API answer DELETE …cuk=… 204 and the host leave the demo role.
    /// </summary>
    public static async Task BootstrapRegisteredAndBothSimulatedDeletesRemoveTheHostAsync(DeleteFlowApp flow, ClusterAdmin admin)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(admin);
        var demo = new K2hr3BootstrapSettings();

        // The bootstrap declared the delhostrole in the real API and the listener registered the address the API saw.
        var delHostRole = await admin.GetRoleAsync(demo.DelHostRole);
        Assert.NotEmpty(delHostRole.AddressesTagged(K2hr3BootstrapSettings.ListenerTag));
        var demoRole = await admin.GetRoleAsync(demo.DemoRole);
        if (!demoRole.HasIp(demo.DemoIp, demo.DemoCuk))
        {
            Assert.Fail($"the bootstrap did not seed the demo VM: role {demo.DemoRole} holds [{string.Join(", ", demoRole.Ips)}]; {await DescribeClusterAsync(flow)}");
        }

        var traceId = await flow.SimulateAsync(SimulateCommands.NeutronPortDelete);
        await WaitUntilGoneAsync(admin, demo.DemoRole, demo.DemoIp, demo.DemoCuk);
        await AssertApiAnsweredDeleteAsync(flow, demo.DemoCuk);

        // One trace: the listener consumed the message and made the DELETE in the trace the AppHost's publish started.
        var deleted = await flow.Logs.AllLinesAsync("osnl");
        Assert.Contains(deleted, line => line.Contains($"Deleted {demo.DemoCuk} (source neutron, trace {traceId}): HTTP 204", StringComparison.Ordinal));

        var instance = Guid.NewGuid().ToString();
        await admin.AddHostAsync(demo.DemoRole, "10.0.0.6", instance);
        await flow.SimulateAsync(SimulateCommands.NovaInstanceDelete, (SimulateCommands.InstanceIdArgument, instance));
        await WaitUntilGoneAsync(admin, demo.DemoRole, "10.0.0.6", instance);
        await AssertApiAnsweredDeleteAsync(flow, instance);
    }

    /// <summary>What a failure needs to be traced: the ring as k2hdkc-0 sees it and the bootstrap's last lines.</summary>
    private static async Task<string> DescribeClusterAsync(DeleteFlowApp flow)
    {
        var ring = await flow.App.ResourceCommands.ExecuteCommandAsync("k2hdkc-0", ShowRingCommand.Name, TestContext.Current.CancellationToken);
        var bootstrap = await flow.Logs.AllLinesAsync(K2hr3BootstrapBuilderExtensions.ResourceName);
        string[] nodes = ["k2hdkc-0", "k2hdkc-1"];
        var nudges = new List<string>();
        foreach (var node in nodes)
        {
            nudges.AddRange((await flow.Logs.AllLinesAsync(node)).Where(l => l.Contains("ring keeper", StringComparison.Ordinal) || l.Contains("ready anyway", StringComparison.Ordinal)));
        }

        return $"Show ring: {ring.Message} {ring.Data?.Value}; data nodes' ring-keeper and readiness warnings: [{string.Join(" | ", nudges)}]; bootstrap's last lines: {string.Join(" | ", bootstrap.TakeLast(12))}";
    }

    public static Task WaitUntilGoneAsync(ClusterAdmin admin, string role, string ip, string cuk)
        => Eventually.WaitUntilAsync(
            async () => !(await admin.GetRoleAsync(role)).HasIp(ip, cuk),
            FlowTimeout,
            $"{ip} ({cuk}) removed from role {role} as the real API reads it",
            TimeSpan.FromSeconds(1));

    /// <summary>
    /// The API's own access log (morgan's "combined" format on its console) shows the listener's call answered 204:
    /// <c>127.0.0.1 - - [date] "DELETE /v1/role?extra=openstack-auto-v1&amp;cuk=…&amp;host=… HTTP/1.1" 204 - …</c>.
    /// </summary>
    /// <summary>The API's access-log line of a DELETE of the host with <paramref name="cuk"/> answered 204.</summary>
    public static Regex DeleteAnswered(string cuk) => new($@"""DELETE /v1/role\?\S*cuk={Regex.Escape(cuk)}\S* HTTP/[\d.]+"" 204 ");

    public static async Task AssertApiAnsweredDeleteAsync(DeleteFlowApp flow, string cuk)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var line = DeleteAnswered(cuk);
        IReadOnlyList<string> lines = [];

        // A container's console reaches DCP's log a moment after the API answered (seen on Podman: the role was
        // already empty while the line had not arrived yet).
        try
        {
            await Eventually.WaitUntilAsync(async () => (lines = await flow.Logs.AllLinesAsync("k2hr3-api")).Any(line.IsMatch), LogArrivalTimeout, "the API's access-log line", TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException)
        {
        }

        Assert.True(lines.Any(line.IsMatch), $"no access-log line DELETE ...cuk={cuk}... 204 from k2hr3-api; its DELETE lines: {string.Join(" | ", lines.Where(l => l.Contains("DELETE", StringComparison.Ordinal)))}; last lines: {string.Join(" | ", lines.TakeLast(5))}");
    }
}
