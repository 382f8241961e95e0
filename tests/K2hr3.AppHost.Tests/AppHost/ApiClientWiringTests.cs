namespace K2hr3.Tests.AppHost;

/// <summary>How another resource (e.g. the listener) is pointed at the API with <c>WithK2hr3Api</c>.</summary>
public class ApiClientWiringTests
{
    [Fact]
    public async Task ClientGetsTheApiOnLoopbackAndWaitsForIt()
    {
        using var install = new FakeInstallation();
        var builder = EmptyBuilder([.. install.Arguments, ContainersDirArgument, "--K2hr3:Api:PublicUrl=https://k2hr3.example.test"]);
        var k2hr3 = builder.AddK2hr3Cluster();
        var k2hdkc = k2hr3.AddK2hdkcNodes();
        var api = k2hr3.AddK2hr3Api(k2hdkc, k2hr3.AddChmpxSlave(k2hdkc));

        var client = builder.AddExecutable("listener", "true", install.DataDir).WithK2hr3Api(k2hr3, api);

        // Not the public URL: the API must see the client's own address, so no proxy in between.
        Assert.Equal("http://127.0.0.1:18080", (await client.Resource.ExecutionAsync()).Environment["K2hr3__Api__Url"]);
        Assert.Equal(["k2hr3-api"], client.Resource.WaitsFor());
    }

    [Fact]
    public async Task ClientOfAnUnavailableApiStartsWithoutWaiting()
    {
        using var empty = new TempDirectory();
        var builder = EmptyBuilder(["--K2hr3:Runtime=processes", $"--K2hr3:Dkc:BinDir={empty.Path}", $"--K2hr3:DataDir={empty.Path}", ContainersDirArgument]);
        var k2hr3 = builder.AddK2hr3Cluster();
        var k2hdkc = k2hr3.AddK2hdkcNodes();
        var api = k2hr3.AddK2hr3Api(k2hdkc, k2hr3.AddChmpxSlave(k2hdkc));

        var client = builder.AddExecutable("listener", "true", empty.Path).WithK2hr3Api(k2hr3, api);

        Assert.False(api.IsAvailable);
        Assert.Empty(client.Resource.WaitsFor());
        Assert.Contains(client.Resource.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource.Name == "k2hr3-api" && r.Type == "Needs");
    }

    /// <summary>An AppHost builder with nothing in it yet, so the test composes the K2HR3 resources itself; never run.</summary>
    private static IDistributedApplicationBuilder EmptyBuilder(string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            AssemblyName = typeof(K2hr3ClusterBuilder).Assembly.GetName().Name,
            DisableDashboard = true,
        });

    private static string ContainersDirArgument => $"--K2hr3:ContainersDir={Path.Combine(TestData.RepositoryRoot, "containers")}";
}
