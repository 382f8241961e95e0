using System.Reflection;

namespace K2hr3.Tests.Support;

/// <summary>
/// The repository (the one place tests and benchmarks find it: the assembly's <c>RepositoryRoot</c> metadata, set by
/// the project file) and the sample notifications and config files in its <c>testdata/</c> folder
/// (testdata/README.md says where each came from). Free of xunit: the benchmarks link this file.
/// </summary>
public static class TestData
{
    public static string RepositoryRoot { get; } = Path.GetFullPath(
        typeof(TestData).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value
            ?? throw new InvalidOperationException("the RepositoryRoot assembly metadata is not set (see the project file)"));

    public static string Directory { get; } = Path.Combine(RepositoryRoot, "testdata");

    /// <summary>An upstream sample notification, e.g. <c>notifications_neutron.json</c>.</summary>
    public static string Notification(string fileName) => Path.GetFullPath(Path.Combine(Directory, "notifications", fileName));

    /// <summary>An upstream sample config file, e.g. <c>k2hr3-osnl.conf.neutron.sample</c>.</summary>
    public static string Config(string fileName) => Path.GetFullPath(Path.Combine(Directory, "config", fileName));
}
