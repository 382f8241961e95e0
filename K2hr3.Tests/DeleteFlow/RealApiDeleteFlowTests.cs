using K2hr3.AppHost.Osnl.Bootstrap;
using K2hr3.AppHost.Osnl.Simulation;
using K2hr3.Tests.DeleteFlow.Support;

namespace K2hr3.Tests.DeleteFlow;

/// <summary>
/// The same flow against a real k2hr3_api (with k2hdkc behind it), as an existing API: set K2HR3_TEST_API_URL to its
/// base URL. It must use dummyuserapi (any user) with <c>k2hr3admin</c> tenant K2HR3_TEST_API_ADMIN_TENANT (default
/// tenant0) and delhost role K2HR3_TEST_API_DELHOSTROLE (default delhostrole). Skipped otherwise.
/// </summary>
public class RealApiDeleteFlowTests
{
    private static readonly TimeSpan FlowTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AfterTheSimulatedDeleteTheDemoHostIsGoneFromTheDemoRole()
    {
        var apiUrl = Environment.GetEnvironmentVariable("K2HR3_TEST_API_URL") ?? string.Empty;
        if (apiUrl.Length == 0)
        {
            Assert.Skip("no real K2HR3 API: set K2HR3_TEST_API_URL to a running k2hr3_api (dummyuserapi) to run this test");
        }

        DeleteFlowApp.SkipUnlessBrokerInstalled();
        var tenant = Environment.GetEnvironmentVariable("K2HR3_TEST_API_ADMIN_TENANT") is { Length: > 0 } t ? t : K2hr3BootstrapSettings.DefaultAdminTenant;
        var delHostRole = Environment.GetEnvironmentVariable("K2HR3_TEST_API_DELHOSTROLE") is { Length: > 0 } r ? r : K2hr3BootstrapSettings.DefaultDelHostRole;

        // A role and VM of this run only, so runs against a shared API do not interfere.
        var run = Guid.NewGuid().ToString("N")[..8];
        var demoRole = $"k2hr3-e2e-{run}";
        var demoCuk = Guid.NewGuid().ToString();
        const string demoIp = "10.0.0.5";
        await using var flow = await DeleteFlowApp.StartAsync(
            $"--K2hr3:Api:Url={apiUrl}",
            "--K2hr3:Api:UserName=k2hr3-e2e",
            $"--K2hr3:Api:AdminTenant={tenant}",
            $"--K2hr3:Api:DeleteHostRole={delHostRole}",
            $"--K2hr3:Demo:Role={demoRole}",
            $"--K2hr3:Demo:Cuk={demoCuk}",
            $"--K2hr3:Demo:Ip={demoIp}");

        using var http = new HttpClient();
        var admin = new K2hr3AdminClient(http, new Uri(apiUrl));
        var (userToken, _) = await admin.GetScopedTokenAsync("k2hr3-e2e", string.Empty, tenant, TestContext.Current.CancellationToken);
        Assert.True((await admin.GetRoleAsync(userToken, demoRole, TestContext.Current.CancellationToken))!.HasIp(demoIp, demoCuk), "the bootstrap seeded the demo host");

        await flow.SimulateAsync(SimulateCommands.NeutronPortDelete);

        await Eventually.WaitUntilAsync(
            async () => !(await admin.GetRoleAsync(userToken, demoRole, TestContext.Current.CancellationToken))!.HasIp(demoIp, demoCuk),
            FlowTimeout,
            $"{demoIp} ({demoCuk}) removed from role {demoRole}",
            TimeSpan.FromSeconds(1));
    }
}
