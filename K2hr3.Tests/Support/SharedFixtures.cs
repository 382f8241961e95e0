using System.Reflection;

namespace K2hr3.Tests.Support;

/// <summary>
/// Finds the team's shared folder (upstream samples in <c>shared/fixtures</c>): <c>K2HR3_SHARED_DIR</c> when set (CI),
/// else the nearest <c>shared</c> folder with a <c>fixtures</c> folder above <c>RepositoryRoot</c> (normally <c>&lt;repo&gt;/../shared</c>) from the assembly's <c>RepositoryRoot</c> metadata (set by the csproj).
/// </summary>
public static class SharedFixtures
{
    public static string SharedDirectory { get; } = Locate();

    public static string FixturesDirectory => Path.Combine(SharedDirectory, "fixtures");

    /// <summary>An upstream sample notification, e.g. <c>notifications_neutron.json</c>.</summary>
    public static string Notification(string fileName) => Path.Combine(FixturesDirectory, "notifications", fileName);

    /// <summary>A file directly in fixtures, e.g. <c>k2hr3-osnl.conf.neutron.sample</c>.</summary>
    public static string File(string fileName) => Path.Combine(FixturesDirectory, fileName);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("K2HR3_SHARED_DIR") is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var root = typeof(SharedFixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value
            ?? throw new InvalidOperationException("neither K2HR3_SHARED_DIR nor the RepositoryRoot assembly metadata is set");
        // <repo>/../shared in a clone; a git worktree nested deeper (e.g. wt/<name>) finds it further up.
        for (var directory = new DirectoryInfo(Path.GetFullPath(root)).Parent; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "fixtures")))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine(root, "..", "shared"));
    }
}
