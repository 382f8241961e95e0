namespace K2hr3.Tests.DeleteFlow.Support;

/// <summary>
/// The AppHost started through DCP with a private processes-mode broker and the given API arguments, up to the point
/// where the listener is healthy (its registration accepted). Collects the resources' console lines for failures.
/// Made by <see cref="StartAsync(TimeSpan, Func{PrivateBrokerArguments, string[]}, string[])"/>; it owns what it is given.
/// </summary>
public sealed class DeleteFlowApp(IDistributedApplicationTestingBuilder builder, DistributedApplication app, ResourceLogs logs, PrivateBrokerArguments broker)
    : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    public DistributedApplication App => app;

    public PrivateBrokerArguments Broker => broker;

    /// <summary>Every resource's console lines since the start.</summary>
    public ResourceLogs Logs => logs;

    /// <summary>Skips the calling test when the host has no rabbitmq-server.</summary>
    public static void SkipUnlessBrokerInstalled()
    {
        if (!PrivateBrokerArguments.ServerInstalled)
        {
            Assert.Skip($"{RabbitMqProcessSettings.DefaultServerPath} is not installed (apt-get install rabbitmq-server)");
        }
    }

    public static Task<DeleteFlowApp> StartAsync(params string[] apiArguments) => StartAsync(StartTimeout, apiArguments);

    /// <summary>With a longer <paramref name="startTimeout"/>, e.g. when the real data tier and API start first.</summary>
    public static Task<DeleteFlowApp> StartAsync(TimeSpan startTimeout, params string[] apiArguments)
        => StartAsync(startTimeout, broker => [.. AppHostModel.ProcessesRuntime, .. broker.Arguments, .. NoUpstreamUnlessGiven(apiArguments, broker)], apiArguments);

    /// <summary>
    /// With the runtime's own arguments (e.g. the containers runtime on Podman) in place of the processes runtime and
    /// its private broker; <paramref name="runtimeArguments"/> still gets a private broker's settings to use or ignore.
    /// </summary>
    public static async Task<DeleteFlowApp> StartAsync(TimeSpan startTimeout, Func<PrivateBrokerArguments, string[]> runtimeArguments, params string[] apiArguments)
    {
        ArgumentNullException.ThrowIfNull(runtimeArguments);
        var cancellationToken = TestContext.Current.CancellationToken;
        var broker = new PrivateBrokerArguments();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>(
            [.. runtimeArguments(broker), .. apiArguments],
            cancellationToken);
        var app = await builder.BuildAsync(cancellationToken);
        var logs = new ResourceLogs(app);
        var flow = new DeleteFlowApp(builder, app, logs, broker);
        try
        {
            await logs.StartAsync(startTimeout, cancellationToken);

            // The listener is healthy only once its self-registration was accepted.
            await logs.ExplainFailureAsync(() => app.ResourceNotifications
                .WaitForResourceHealthyAsync(OsnlResourceBuilderExtensions.ResourceName, cancellationToken)
                .WaitAsync(startTimeout, cancellationToken));
            return flow;
        }
        catch
        {
            await flow.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Without the from-source build in <paramref name="apiArguments"/>, no upstream software at all — not what PATH
    /// happens to hold (chmpx on PATH would otherwise start data nodes on the default ports): later arguments win.
    /// </summary>
    private static string[] NoUpstreamUnlessGiven(string[] apiArguments, PrivateBrokerArguments broker)
        => apiArguments.Any(a => a.Contains(":Upstream:Prefix=", StringComparison.Ordinal) || a.Contains(":Dkc:BinDir=", StringComparison.Ordinal))
            ? []
            :
            [
                $"--K2hr3:Dkc:BinDir={Path.Combine(broker.DataDirectory, "no-bin")}",
                $"--K2hr3:Api:PackageDir={Path.Combine(broker.DataDirectory, "no-api")}",
                $"--K2hr3:App:PackageDir={Path.Combine(broker.DataDirectory, "no-app")}",
            ];

    /// <summary>Runs a simulate command on <c>osnl</c>; returns the published trace id.</summary>
    public async Task<string> SimulateAsync(string command, params (string Name, string Value)[] arguments)
    {
        var inputs = new InteractionInputCollection([.. arguments.Select(a => new InteractionInput { Name = a.Name, InputType = InputType.Text, Value = a.Value })]);
        var result = await App.ResourceCommands.ExecuteCommandAsync(OsnlResourceBuilderExtensions.ResourceName, command, inputs, TestContext.Current.CancellationToken);
        Assert.True(result.Success, result.Message);
        var traceId = JsonNode.Parse(result.Data!.Value)!["trace_id"]!.GetValue<string>();
        Assert.Equal(32, traceId.Length);
        return traceId;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(StartTimeout);
        try
        {
            await app.StopAsync(stop.Token);
        }
        finally
        {
            await logs.DisposeAsync();
            await app.DisposeAsync();
            await builder.DisposeAsync();
            broker.Dispose();
        }
    }
}
