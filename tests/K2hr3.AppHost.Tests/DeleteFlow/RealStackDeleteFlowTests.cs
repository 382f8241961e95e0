namespace K2hr3.Tests.DeleteFlow;

/// <summary>
/// The delete flow on the real K2HR3: the AppHost runs chmpx/k2hdkc (2 data nodes), the upstream k2hr3-api with its
/// chmpx slave, a private broker, the bootstrap and the listener, all from the from-source build (see
/// <see cref="UpstreamBuild"/>: skipped only where that build is absent, never in CI). Then the same API serves as an
/// existing one for a second AppHost whose listener has only an administrator's registration token.
/// </summary>
public class RealStackDeleteFlowTests(RealStackDeleteFlowTests.Cluster cluster) : IClassFixture<RealStackDeleteFlowTests.Cluster>
{
    [Fact]
    public async Task InRunModeTheBootstrapRegistersTheListenerAndBothSimulatedDeletesRemoveTheVmFromTheRealApi()
        => await RealApiChecks.BootstrapRegisteredAndBothSimulatedDeletesRemoveTheHostAsync(cluster.Require(), await cluster.AdminAsync());

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

        await RealApiChecks.WaitUntilGoneAsync(admin, role, "10.0.0.7", instance);
        await RealApiChecks.AssertApiAnsweredDeleteAsync(flow, instance);
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

        await RealApiChecks.WaitUntilGoneAsync(admin, demoRole, demoIp, demoCuk);
        await RealApiChecks.AssertApiAnsweredDeleteAsync(flow, demoCuk);
    }

    /// <summary>One real cluster for the class.</summary>
    public sealed class Cluster() : RealCluster(
        apiPort: 20080, dkcBasePort: 20020, slaveControlPort: 20031, appPort: 20081, group: "K2HR3REALFLOW", storage: "memory", adminUser: "k2hr3-e2e");
}
