namespace K2hr3.Tests.DeleteFlow;

/// <summary>
/// The delete flow end to end through DCP: processes-mode <c>rabbitmq</c>, <c>osnl</c>, and an existing K2HR3 API (the
/// double, k2hr3.md §3). Nobody is a member of the delhost role at the start, so a DELETE is only accepted because
/// the bootstrap's role token let the listener register the address the API sees.
/// </summary>
public class DeleteFlowEndToEndTests
{
    [Fact]
    public async Task SimulatedDeletesBecomeExactlyOneAuthorizedDeleteEachInTheSameTrace()
    {
        DeleteFlowApp.SkipUnlessBrokerInstalled();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        api.SetDelHostRoleMembers();
        var demo = new K2hr3BootstrapSettings();
        await using var flow = await DeleteFlowApp.StartAsync($"--K2hr3:Api:Url={api.BaseUri}", "--K2hr3:Api:UserName=k2hr3-e2e");

        // Bootstrap: the listener registered itself with the role token; the demo VM is seeded.
        var registration = Assert.Single(api.Requests, r => r.Method == "PUT" && r.Path == "/v1/role/delhostrole" && !r.Query.ContainsKey("host"));
        Assert.StartsWith("R=", registration.Headers["x-auth-token"], StringComparison.Ordinal);
        Assert.Equal(201, registration.ResponseStatus);
        var listener = Assert.Single(api.HostsOf(K2hr3ApiDouble.DelHostRoleName));
        Assert.Equal(K2hr3BootstrapSettings.ListenerTag, listener.Tag);
        Assert.Contains(api.HostsOf(demo.DemoRole), host => host.Ip == demo.DemoIp && host.Cuk == demo.DemoCuk);

        // neutron, with the command's defaults: the demo VM.
        var traceId = await flow.SimulateAsync(SimulateCommands.NeutronPortDelete);

        var delete = Assert.Single(await api.WaitForRequestsAsync(1, TestConstants.DefaultTimeout));
        Assert.Equal(demo.DemoCuk, delete.Query["cuk"]);
        Assert.Equal($"[\"{demo.DemoIp}\"]", delete.Query["host"]);
        Assert.Equal("openstack-auto-v1", delete.Query["extra"]);
        Assert.Equal(listener.Ip, delete.RemoteIp.ToString());
        await Eventually.WaitUntilAsync(() => delete.ResponseStatus == 204, TestConstants.DefaultTimeout, "the double's 204");
        Assert.DoesNotContain(api.HostsOf(demo.DemoRole), host => host.Cuk == demo.DemoCuk);

        // One trace: the DELETE carries the trace the AppHost's publish span started.
        Assert.Equal(traceId, delete.Headers["traceparent"].Split('-')[1]);

        // Acked, nothing left (ready or unacknowledged), and no second DELETE.
        await WaitForEmptyQueuesAsync(flow.Broker, cancellationToken);
        Assert.Contains(OsnlSource.Neutron.Pool, (await BrokerQueues.ListAsync(flow.Broker)).Keys);
        Assert.Single(api.DeleteRequests);

        // nova, with an entered instance id (unknown to the API: 204, nothing removed): cuk only, no host list.
        var instance = Guid.NewGuid().ToString();
        var novaTraceId = await flow.SimulateAsync(SimulateCommands.NovaInstanceDelete, (SimulateCommands.InstanceIdArgument, instance));

        var novaDelete = (await api.WaitForRequestsAsync(2, TestConstants.DefaultTimeout))[1];
        Assert.Equal(instance, novaDelete.Query["cuk"]);
        Assert.False(novaDelete.Query.ContainsKey("host"));
        Assert.Equal(novaTraceId, novaDelete.Headers["traceparent"].Split('-')[1]);
        await Eventually.WaitUntilAsync(() => novaDelete.ResponseStatus == 204, TestConstants.DefaultTimeout, "the double's 204 for the nova delete");
        await WaitForEmptyQueuesAsync(flow.Broker, cancellationToken);
        Assert.Contains(OsnlSource.Nova.Pool, (await BrokerQueues.ListAsync(flow.Broker)).Keys);
        Assert.Equal(2, api.DeleteRequests.Count);
    }

    private static Task WaitForEmptyQueuesAsync(PrivateBrokerArguments broker, CancellationToken cancellationToken)
        => Eventually.WaitUntilAsync(
            async () => (await BrokerQueues.ListAsync(broker)).All(queue => queue.Value == (0, 0)),
            TestConstants.DefaultTimeout,
            "every queue empty (ready and unacknowledged)",
            TimeSpan.FromMilliseconds(500));
}
