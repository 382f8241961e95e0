using System.Text.Json;

namespace K2hr3.AppHost.Hosting;

/// <summary>Which upstream release line a package belongs to (they start differently).</summary>
public enum NodePackageLayout
{
    /// <summary>1.x JavaScript: <c>bin/www</c> at the package root.</summary>
    V1,

    /// <summary>2.x TypeScript build: <c>dist/src/bin/www.js</c> (API) or <c>dist/bin/www.js</c> (app).</summary>
    V2,
}

/// <summary>An installed k2hr3-api / k2hr3-app package (npm install -g, npm pack extract, or a built checkout).</summary>
internal sealed record NodePackage(string Name, string Root, string EntryScript, NodePackageLayout Layout, string? Version);

/// <summary>Outcome of looking for a package: the package, or what to do to get one.</summary>
internal sealed record NodePackageProbe(NodePackage? Package, string? Problem);

/// <summary>Locates and checks an upstream Node.js package before the AppHost runs it.</summary>
internal static class NodePackageLocator
{
    /// <summary>Global npm roots checked when no folder is configured (Debian/nodesource npm, and a /usr/local prefix).</summary>
    public static readonly IReadOnlyList<string> DefaultGlobalRoots = ["/usr/local/lib/node_modules", "/usr/lib/node_modules"];

    // 2.x entries first: a checkout that still has a stale 1.x bin/www must run its build.
    private static readonly string[] EntryCandidates = ["dist/src/bin/www.js", "dist/bin/www.js", "bin/www"];

    /// <param name="packageName">npm name, e.g. k2hr3-api.</param>
    /// <param name="configuredDir">The configured package folder, or null to look in <paramref name="globalRoots"/>.</param>
    /// <param name="settingKey">Configuration key to name in messages, e.g. K2hr3:Api:PackageDir.</param>
    /// <param name="requiredModules">node_modules entries the package cannot start without (the k2hdkc addon for the API).</param>
    /// <param name="globalRoots">Global node_modules folders to search.</param>
    public static NodePackageProbe Probe(string packageName, string? configuredDir, string settingKey, IReadOnlyList<string> requiredModules, IReadOnlyList<string> globalRoots)
    {
        string root;
        if (string.IsNullOrWhiteSpace(configuredDir))
        {
            var found = globalRoots.Select(r => Path.Combine(r, packageName)).FirstOrDefault(Directory.Exists);
            if (found is null)
            {
                return new(null, $"{packageName} package not found — install it (npm install -g {packageName}) or set {settingKey} to an installed package or a built checkout");
            }

            root = found;
        }
        else
        {
            root = Path.GetFullPath(configuredDir);
            if (!Directory.Exists(root))
            {
                return new(null, $"{settingKey} = {root} does not exist — point it at an installed {packageName} package or a built checkout");
            }
        }

        var manifest = ReadManifest(Path.Combine(root, "package.json"));
        if (manifest.Name != packageName)
        {
            return new(null, $"{root} is not the {packageName} package (package.json name: {manifest.Name ?? "none"}) — fix {settingKey}");
        }

        var entry = EntryCandidates.Select(c => Path.Combine(root, c)).FirstOrDefault(File.Exists);
        if (entry is null)
        {
            return File.Exists(Path.Combine(root, "src", "bin", "www.ts"))
                ? new(null, $"{root} is an unbuilt {packageName} checkout — run 'npm install && npm run build' there")
                : new(null, $"{root} has no start script (dist/src/bin/www.js, dist/bin/www.js or bin/www) — reinstall {packageName}");
        }

        if (!Directory.Exists(Path.Combine(root, "node_modules")))
        {
            return new(null, $"{root} has no node_modules — run 'npm install' there");
        }

        foreach (var module in requiredModules)
        {
            if (!Directory.Exists(Path.Combine(root, "node_modules", module)))
            {
                return new(null, $"{root}/node_modules/{module} is missing — run 'npm install --allow-scripts={module}' there (the {module} addon needs k2hdkc-dev, g++, make and python3)");
            }
        }

        var layout = Path.GetRelativePath(root, entry).StartsWith("dist", StringComparison.Ordinal) ? NodePackageLayout.V2 : NodePackageLayout.V1;
        return new(new NodePackage(packageName, root, entry, layout, manifest.Version), null);
    }

    private static (string? Name, string? Version) ReadManifest(string path)
    {
        if (!File.Exists(path))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var rootElement = document.RootElement;
            return (GetString(rootElement, "name"), GetString(rootElement, "version"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? GetString(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
