namespace K2hr3.Tests.Support;

/// <summary>
/// Output of upstream programs recorded on real runs, kept as data under <c>TestData/</c> (the project file copies it
/// next to the tests); the test that reads a capture says which command and version printed it.
/// </summary>
internal static class RecordedOutput
{
    /// <summary>A chmpxstatus capture, e.g. <c>server-0-with-node-1-stopped.txt</c>.</summary>
    public static string Chmpxstatus(string fileName)
        => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chmpxstatus", fileName));
}
