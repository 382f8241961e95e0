using System.Reflection;

namespace K2hr3.Tests.Configuration.Support;

/// <summary>Locates ../shared/fixtures: <c>K2HR3_SHARED_DIR</c> if set, else beside the repository root.</summary>
internal static class SharedFixtures
{
    public static string Directory
    {
        get
        {
            var shared = Environment.GetEnvironmentVariable("K2HR3_SHARED_DIR");
            if (string.IsNullOrEmpty(shared))
            {
                var root = typeof(SharedFixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .Single(attribute => attribute.Key == "RepositoryRoot").Value!;
                shared = Path.Combine(root, "..", "shared");
            }

            return Path.GetFullPath(Path.Combine(shared, "fixtures"));
        }
    }

    public static string File(string name) => Path.Combine(Directory, name);
}
