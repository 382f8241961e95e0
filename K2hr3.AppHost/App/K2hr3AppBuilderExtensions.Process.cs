namespace K2hr3.AppHost.App;

/// <summary>The processes half: node runs the installed k2hr3-app package with the generated overlay.</summary>
public static partial class K2hr3AppBuilderExtensions
{
    private static K2hr3Component AddProcess(K2hr3ClusterBuilder k2hr3, K2hr3Component api)
    {
        var builder = k2hr3.ApplicationBuilder;
        var installation = k2hr3.Installation!;
        var problems = new[] { installation.App.Problem, installation.NodeProblem, k2hr3.PortConflicts.App }.OfType<string>().ToArray();
        if (problems.Length > 0)
        {
            var unavailable = builder.AddK2hr3Unavailable(K2hr3ClusterModel.AppResourceName, "k2hr3-app", string.Join("; ", problems));
            unavailable.WithRelationship(api.Resource.Resource, "Needs");
            return new K2hr3Component(unavailable);
        }

        var package = installation.App.Package!;

        // The package's own config/ first (menus, userdata and sidecar templates), then the generated overlay.
        var configDirs = string.Join(Path.PathSeparator, Path.Combine(package.Root, "config"), k2hr3.Model.Paths.AppConfigDir);
        var app = builder
            .AddResource(new K2hr3AppResource(K2hr3ClusterModel.AppResourceName, installation.Node!, package.Root))
            .WithArgs(package.EntryScript)
            .WithEnvironment("NODE_ENV", "production")
            .WithEnvironment("NODE_CONFIG_DIR", configDirs)
            .WaitForComponent(api)
            .ExcludeFromManifest();
        AddEndpointAndProbe(k2hr3, app, targetPort: null);
        return new K2hr3Component(app);
    }
}
