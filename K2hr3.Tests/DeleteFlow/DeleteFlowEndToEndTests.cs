using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using K2hr3.AppHost.Osnl;
using K2hr3.AppHost.Osnl.Bootstrap;
using K2hr3.AppHost.Osnl.Simulation;
using K2hr3.AppHost.RabbitMq;
using K2hr3.Tests.DeleteFlow.Support;
using K2hr3.Tests.Support;

namespace K2hr3.Tests.DeleteFlow;

/// <summary>
/// The delete flow end to end through DCP: processes-mode <c>rabbitmq</c>, <c>osnl</c>, and an existing K2HR3 API (the
/// double, K2HR3.md §3.7). Nobody is a member of the delhost role at the start, so the DELETE is only accepted
/// because the bootstrap's role token let the listener register the address the API sees.
/// </summary>
public class DeleteFlowEndToEndTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan FlowTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SimulatedDeletesBecomeExactlyOneAuthorizedDeleteEachInTheSameTrace()
    {
        if (!PrivateBrokerArguments.ServerInstalled)
        {
            Assert.Skip($"{RabbitMqProcessSettings.DefaultServerPath} is not installed (apt-get install rabbitmq-server)");
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        api.SetDelHostRoleMembers();
        using var broker = new PrivateBrokerArguments();
        var demo = new K2hr3BootstrapSettings();
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>(
            [.. AppHostModel.ProcessesRuntime, .. broker.Arguments, $"--K2hr3:Api:Url={api.BaseUri}", "--K2hr3:Api:UserName=k2hr3-e2e"],
            cancellationToken);
        await using var app = await appHost.BuildAsync(cancellationToken);
        await using var logs = new ResourceLogs(app, OsnlResourceBuilderExtensions.ResourceName, K2hr3BootstrapBuilderExtensions.ResourceName, RabbitMqResourceBuilderExtensions.ResourceName);
        await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);

        // The listener is healthy only once its self-registration was accepted.
        await logs.ExplainFailureAsync(() => app.ResourceNotifications
            .WaitForResourceHealthyAsync(OsnlResourceBuilderExtensions.ResourceName, cancellationToken)
            .WaitAsync(StartTimeout, cancellationToken));

        var registration = Assert.Single(api.Requests, r => r.Method == "PUT" && r.Path == "/v1/role/delhostrole" && !r.Query.ContainsKey("host"));
        Assert.StartsWith("R=", registration.Headers["x-auth-token"], StringComparison.Ordinal);
        Assert.Equal(201, registration.ResponseStatus);
        var listener = Assert.Single(api.HostsOf(K2hr3ApiDouble.DelHostRoleName));
        Assert.Equal(K2hr3BootstrapSettings.ListenerTag, listener.Tag);
        Assert.Contains(api.HostsOf(demo.DemoRole), host => host.Ip == demo.DemoIp && host.Cuk == demo.DemoCuk);

        var result = await app.ResourceCommands.ExecuteCommandAsync(OsnlResourceBuilderExtensions.ResourceName, SimulateCommands.NeutronPortDelete, cancellationToken);
        Assert.True(result.Success, result.Message);
        var published = JsonNode.Parse(result.Data!.Value)!;
        var traceId = published["trace_id"]!.GetValue<string>();
        Assert.Equal(32, traceId.Length);

        var delete = Assert.Single(await api.WaitForRequestsAsync(1, FlowTimeout));
        Assert.Equal(demo.DemoCuk, delete.Query["cuk"]);
        Assert.Equal($"[\"{demo.DemoIp}\"]", delete.Query["host"]);
        Assert.Equal("openstack-auto-v1", delete.Query["extra"]);
        Assert.Equal(listener.Ip, delete.RemoteIp.ToString());
        await Eventually.WaitUntilAsync(() => delete.ResponseStatus == 204, FlowTimeout, "the double's 204");
        Assert.DoesNotContain(api.HostsOf(demo.DemoRole), host => host.Cuk == demo.DemoCuk);

        // One trace: the DELETE carries the trace the AppHost's publish span started.
        Assert.Equal(traceId, delete.Headers["traceparent"].Split('-')[1]);

        // Acked, nothing left: every queue of the listener is empty, and no second DELETE follows.
        await Eventually.WaitUntilAsync(
            async () => (await BrokerQueues.ListAsync(broker, cancellationToken)).All(queue => queue.Value == (0, 0)),
            FlowTimeout,
            "every queue empty (ready and unacknowledged)",
            TimeSpan.FromMilliseconds(500));
        var queues = await BrokerQueues.ListAsync(broker, cancellationToken);
        Assert.Contains(OsnlSource.Neutron.Pool, queues.Keys);
        Assert.Single(api.DeleteRequests);

        // The nova source: an entered instance id (unknown to the API: 204, nothing to remove), no host list.
        var instance = Guid.NewGuid().ToString();
        var novaResult = await app.ResourceCommands.ExecuteCommandAsync(
            OsnlResourceBuilderExtensions.ResourceName,
            SimulateCommands.NovaInstanceDelete,
            new InteractionInputCollection([new InteractionInput { Name = SimulateCommands.InstanceIdArgument, InputType = InputType.Text, Value = instance }]),
            cancellationToken);
        Assert.True(novaResult.Success, novaResult.Message);
        var novaDelete = (await api.WaitForRequestsAsync(2, FlowTimeout))[1];
        Assert.Equal(instance, novaDelete.Query["cuk"]);
        Assert.False(novaDelete.Query.ContainsKey("host"));
        await Eventually.WaitUntilAsync(() => novaDelete.ResponseStatus == 204, FlowTimeout, "the double's 204 for the nova delete");
        await Eventually.WaitUntilAsync(
            async () => (await BrokerQueues.ListAsync(broker, cancellationToken))[OsnlSource.Nova.Pool] == (0, 0),
            FlowTimeout,
            $"{OsnlSource.Nova.Pool} empty",
            TimeSpan.FromMilliseconds(500));

        await app.StopAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
    }
}
