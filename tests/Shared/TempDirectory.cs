namespace K2hr3.Tests.Support;

/// <summary>A fresh folder under the system temp directory, deleted on dispose and again when the test run ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    /// <summary>
    /// Disposing a testing builder that was never built still lets the AppHost's entry point run on to its start
    /// (Aspire.Hosting.Testing releases the suspended build), and its BeforeStartEvent writes the generated files into
    /// <c>K2hr3:DataDir</c> a moment after the test has deleted that folder. Deleting once more at exit cleans that up.
    /// </summary>
    private static readonly ConcurrentDictionary<string, byte> Disposed = new(StringComparer.Ordinal);

    static TempDirectory() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var path in Disposed.Keys)
        {
            Delete(path);
        }
    };

    public TempDirectory(string prefix = "k2hr3-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file with exactly this text (no newline translation).</summary>
    public string Write(string name, string text)
    {
        var path = Combine(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Disposed.TryAdd(Path, 0);
        Delete(Path);
    }

    private static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A process started by a run test may still hold a file for a moment; the OS cleans temp eventually.
        }
    }
}
