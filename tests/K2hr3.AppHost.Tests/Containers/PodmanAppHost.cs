namespace K2hr3.Tests.Containers;

/// <summary>The AppHost in the containers runtime on Podman with the local images, for the real-cluster tests.</summary>
internal static class PodmanAppHost
{
    /// <summary>Started once both data nodes are in the ring; a start that leaves one out fails (RealCluster retries once).</summary>
    public static async Task<DeleteFlowApp> StartAsync(TimeSpan startTimeout, string[] clusterArguments)
    {
        var flow = await DeleteFlowApp.StartAsync(
            startTimeout,
            broker =>
            [
                "--K2hr3:Runtime=containers",
                "--ASPIRE_CONTAINER_RUNTIME=podman",
                "--hostBuilder:reloadConfigOnChange=false",
                $"--Parameters:{RabbitMqResourceBuilderExtensions.PasswordParameterName}={broker.Password}",
                .. PodmanImages.AppHostSettings,
            ],
            clusterArguments);
        try
        {
            foreach (var node in new[] { "k2hdkc-0", "k2hdkc-1" })
            {
                await flow.Logs.ExplainFailureAsync(() => flow.App.ResourceNotifications.WaitForResourceHealthyAsync(node, TestContext.Current.CancellationToken).WaitAsync(startTimeout, TestContext.Current.CancellationToken));
            }
        }
        catch
        {
            await flow.DisposeAsync();
            throw;
        }

        return flow;
    }
}
