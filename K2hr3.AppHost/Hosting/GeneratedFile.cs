namespace K2hr3.AppHost.Hosting;

/// <summary>A file the AppHost renders from the cluster model, relative to the data directory.</summary>
internal sealed record GeneratedFile(string RelativePath, string Content)
{
    /// <summary>Writes the file under <paramref name="dataDir"/> unless it already holds these bytes (chmpx watches its ini).</summary>
    public void WriteTo(string dataDir)
    {
        var path = Path.Combine(dataDir, RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path) && File.ReadAllText(path) == Content)
        {
            return;
        }

        File.WriteAllText(path, Content);
    }
}
