namespace K2hr3.Tests.Reliability;

/// <summary>
/// The whole AppHost stopped and started again on the same data directory (real data tier and API from the from-source
/// build, see <see cref="UpstreamBuild"/>): with file storage nothing is lost and the bootstrap adds nothing twice.
/// </summary>
[Collection(DataTierTimingCollection.Name)]
public class ClusterRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithFileStorageARestartedApphostKeepsRolesTheDemoRoleAndTheListenersRegistrationWithoutDuplicates()
    {
        var upstream = UpstreamBuild.Require();
        DeleteFlowApp.SkipUnlessBrokerInstalled();
        using var data = new TempDirectory();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var api = new K2hr3AdminClient(http, new Uri("http://127.0.0.1:16080/"));
        var demo = new K2hr3BootstrapSettings();
        var role = $"restart-{Guid.NewGuid():N}"[..20];
        var hosts = Enumerable.Range(1, 5).Select(i => (Ip: $"10.16.0.{i}", Cuk: Guid.NewGuid().ToString())).ToList();
        string[] arguments =
        [
            upstream.Argument,
            $"--K2hr3:App:PackageDir={data.Combine("no-app")}",
            $"--K2hr3:DataDir={data.Path}",
            "--K2hr3:Dkc:BasePort=16020",
            "--K2hr3:Dkc:SlaveControlPort=16031",
            "--K2hr3:Dkc:Group=K2HR3RESTART",
            "--K2hr3:Dkc:Storage=file",
            "--K2hr3:Api:Port=16080",
            "--K2hr3:App:Port=16081",
        ];

        await using (var first = await DeleteFlowApp.StartAsync(StartTimeout, arguments))
        {
            var token = await ScopedTokenAsync(api);
            await api.CreateRoleAsync(token, role, Token);
            foreach (var (ip, cuk) in hosts)
            {
                await api.AddHostAsync(token, role, ip, cuk, "openstack-auto-v1", Token);
            }

            // The dashboard names where each node keeps its data.
            Assert.True(first.App.ResourceNotifications.TryGetCurrentState("k2hdkc-0", out var node));
            Assert.Equal(
                $"file {data.Combine("k2hdkc", "k2hdkc-0.k2h")} (kept across restarts)",
                node.Snapshot.Properties.Single(p => p.Name == DataNodeLifecycle.StorageProperty).Value);
            output.WriteLine($"first run: {(await RoleAsync(api, token, demo.DelHostRole)).Ips.Count} delhostrole entries, demo role {string.Join(", ", (await RoleAsync(api, token, demo.DemoRole)).Ips)}");
        }

        await using var second = await DeleteFlowApp.StartAsync(StartTimeout, arguments);
        var again = await ScopedTokenAsync(api);

        var kept = await RoleAsync(api, again, role);
        Assert.All(hosts, h => Assert.True(kept.HasIp(h.Ip, h.Cuk), $"{h.Ip} kept in {role}"));
        Assert.Equal(hosts.Count, kept.Ips.Count);

        // The bootstrap ran again: the demo VM and the listener's registration are there once, not twice.
        var demoRole = await RoleAsync(api, again, demo.DemoRole);
        Assert.True(demoRole.HasIp(demo.DemoIp, demo.DemoCuk), "demo VM kept");
        Assert.Single(demoRole.Ips, ip => ip.StartsWith(demo.DemoIp + " ", StringComparison.Ordinal));
        var delHostRole = await RoleAsync(api, again, demo.DelHostRole);
        var listener = delHostRole.AddressesTagged(K2hr3BootstrapSettings.ListenerTag).ToList();
        Assert.Single(listener);
        Assert.Equal(delHostRole.Ips.Count, delHostRole.Ips.Distinct(StringComparer.Ordinal).Count());
        output.WriteLine($"after the restart: {role} {kept.Ips.Count} hosts, demo role {string.Join(", ", demoRole.Ips)}, delhostrole {string.Join(", ", delHostRole.Ips)}");
    }

    private static async Task<string> ScopedTokenAsync(K2hr3AdminClient api) =>
        (await api.GetScopedTokenAsync("k2hr3-restart", string.Empty, K2hr3BootstrapSettings.DefaultAdminTenant, Token)).Token;

    private static async Task<K2hr3Role> RoleAsync(K2hr3AdminClient api, string token, string role) =>
        await api.GetRoleAsync(token, role, Token) ?? throw new InvalidOperationException($"role {role}: 404");
}
