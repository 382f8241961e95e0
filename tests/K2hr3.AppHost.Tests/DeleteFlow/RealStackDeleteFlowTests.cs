using K2hr3.Bootstrap;
using System.Text.RegularExpressions;
using K2hr3.AppHost.Osnl.Bootstrap;
using K2hr3.AppHost.Osnl.Simulation;
using K2hr3.Tests.DeleteFlow.Support;

namespace K2hr3.Tests.DeleteFlow;

/// <summary>
/// The delete flow on the real K2HR3: the AppHost runs chmpx/k2hdkc (2 data nodes), the upstream k2hr3-api with its
/// chmpx slave, a private broker, the bootstrap and the listener, all from the from-source build (see
/// <see cref="UpstreamBuild"/>: skipped only where that build is absent, never in CI). Then the same API serves as an
/// existing one for a second AppHost whose listener has only an administrator's registration token.
/// </summary>
public class RealStackDeleteFlowTests(RealStackDeleteFlowTests.Cluster cluster) : IClassFixture<RealStackDeleteFlowTests.Cluster>
{
    private static readonly TimeSpan FlowTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task InRunModeTheBootstrapRegistersTheListenerAndBothSimulatedDeletesRemoveTheVmFromTheRealApi()
    {
        var flow = cluster.Require();
        var admin = await cluster.AdminAsync();
        var demo = new K2hr3BootstrapSettings();

        // The bootstrap declared the delhostrole in the real API and the listener registered the address the API saw.
        var delHostRole = await admin.GetRoleAsync(demo.DelHostRole);
        Assert.NotEmpty(delHostRole.AddressesTagged(K2hr3BootstrapSettings.ListenerTag));
        Assert.True((await admin.GetRoleAsync(demo.DemoRole)).HasIp(demo.DemoIp, demo.DemoCuk), "the bootstrap seeded the demo VM");

        // neutron, with the command's defaults: the demo VM.
        var traceId = await flow.SimulateAsync(SimulateCommands.NeutronPortDelete);
        await WaitUntilGoneAsync(admin, demo.DemoRole, demo.DemoIp, demo.DemoCuk);
        await AssertApiAnsweredDeleteAsync(flow, demo.DemoCuk);

        // One trace: the listener consumed the message and made the DELETE in the trace the AppHost's publish started.
        var deleted = await flow.Logs.AllLinesAsync("osnl");
        Assert.Contains(deleted, line => line.Contains($"Deleted {demo.DemoCuk} (source neutron, trace {traceId}): HTTP 204", StringComparison.Ordinal));

        // nova: a VM of this test, deleted by instance id alone.
        var instance = Guid.NewGuid().ToString();
        await admin.AddHostAsync(demo.DemoRole, "10.0.0.6", instance);
        await flow.SimulateAsync(SimulateCommands.NovaInstanceDelete, (SimulateCommands.InstanceIdArgument, instance));
        await WaitUntilGoneAsync(admin, demo.DemoRole, "10.0.0.6", instance);
        await AssertApiAnsweredDeleteAsync(flow, instance);
    }

    [Fact]
    public async Task AsAnExistingApiWithARegistrationTokenTheListenerRegistersAndItsDeletesAreAccepted()
    {
        var flow = cluster.Require();
        var admin = await cluster.AdminAsync();
        var demo = new K2hr3BootstrapSettings();

        // What an administrator does for an existing deployment: a long-lived role token for the delhostrole.
        await admin.Client.CreateRoleAsync(admin.UserToken, demo.DelHostRole, TestContext.Current.CancellationToken);
        var registrationToken = await admin.Client.CreateRoleTokenAsync(admin.UserToken, demo.DelHostRole, 0, TestContext.Current.CancellationToken);
        var role = $"existing-api-{Guid.NewGuid():N}"[..24];
        var instance = Guid.NewGuid().ToString();
        await admin.Client.CreateRoleAsync(admin.UserToken, role, TestContext.Current.CancellationToken);
        await admin.AddHostAsync(role, "10.0.0.7", instance);

        // A second AppHost: its own broker and listener, the cluster's API as an existing one, no admin credentials.
        await using var existing = await DeleteFlowApp.StartAsync(
            $"--K2hr3:Api:Url={cluster.ApiUrl}",
            $"--K2hr3:Api:RegistrationToken={registrationToken}",
            "--K2hr3:Demo:Enabled=false");
        await existing.SimulateAsync(SimulateCommands.NovaInstanceDelete, (SimulateCommands.InstanceIdArgument, instance));

        await WaitUntilGoneAsync(admin, role, "10.0.0.7", instance);
        await AssertApiAnsweredDeleteAsync(flow, instance);
        Assert.DoesNotContain(existing.Logs.ToString(), registrationToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsAnExistingApiWithAdminCredentialsTheBootstrapSeedsItsOwnDemoRoleAndTheDeleteEmptiesIt()
    {
        var flow = cluster.Require();
        var admin = await cluster.AdminAsync();

        // A role and VM of this test only, so it does not depend on what the run-mode bootstrap seeded.
        var demoRole = $"k2hr3-e2e-{Guid.NewGuid():N}"[..18];
        var demoCuk = Guid.NewGuid().ToString();
        const string demoIp = "10.0.0.8";
        await using var existing = await DeleteFlowApp.StartAsync(
            $"--K2hr3:Api:Url={cluster.ApiUrl}",
            "--K2hr3:Api:UserName=k2hr3-e2e",
            $"--K2hr3:Demo:Role={demoRole}",
            $"--K2hr3:Demo:Cuk={demoCuk}",
            $"--K2hr3:Demo:Ip={demoIp}");
        Assert.True((await admin.GetRoleAsync(demoRole)).HasIp(demoIp, demoCuk), "the bootstrap seeded the demo host");

        await existing.SimulateAsync(SimulateCommands.NeutronPortDelete);

        await WaitUntilGoneAsync(admin, demoRole, demoIp, demoCuk);
        await AssertApiAnsweredDeleteAsync(flow, demoCuk);
    }

    private static Task WaitUntilGoneAsync(ClusterAdmin admin, string role, string ip, string cuk)
        => Eventually.WaitUntilAsync(
            async () => !(await admin.GetRoleAsync(role)).HasIp(ip, cuk),
            FlowTimeout,
            $"{ip} ({cuk}) removed from role {role} as the real API reads it",
            TimeSpan.FromSeconds(1));

    /// <summary>
    /// The API's own access log (morgan's "combined" format on its console) shows the listener's call answered 204:
    /// <c>127.0.0.1 - - [date] "DELETE /v1/role?extra=openstack-auto-v1&amp;cuk=…&amp;host=… HTTP/1.1" 204 - …</c>.
    /// </summary>
    private static async Task AssertApiAnsweredDeleteAsync(DeleteFlowApp flow, string cuk)
    {
        var line = new Regex($@"""DELETE /v1/role\?\S*cuk={Regex.Escape(cuk)}\S* HTTP/[\d.]+"" 204 ");
        var lines = await flow.Logs.AllLinesAsync("k2hr3-api");
        Assert.True(lines.Any(line.IsMatch), $"no access-log line DELETE ...cuk={cuk}... 204 from k2hr3-api; its DELETE lines: {string.Join(" | ", lines.Where(l => l.Contains("DELETE", StringComparison.Ordinal)))}; last lines: {string.Join(" | ", lines.TakeLast(5))}");
    }

    /// <summary>One real cluster for the class.</summary>
    public sealed class Cluster() : RealCluster(
        apiPort: 20080, dkcBasePort: 20020, slaveControlPort: 20031, appPort: 20081, group: "K2HR3REALFLOW", storage: "memory", adminUser: "k2hr3-e2e");
}
