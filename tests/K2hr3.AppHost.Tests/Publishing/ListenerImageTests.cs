using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Sockets;

namespace K2hr3.Tests.Publishing;

/// <summary>
/// The listener's OCI image (<c>dotnet publish -t:PublishContainer</c>): the MSBuild properties always; the tarball
/// only where the base image registry answers (the SDK must fetch the base image's manifest and layers).
/// </summary>
public sealed class ListenerImageTests
{
    private const string BaseRegistry = "mcr.microsoft.com";

    private static readonly string WorkerProject = Path.Combine(TestData.RepositoryRoot, "K2hr3.Osnl.Worker", "K2hr3.Osnl.Worker.csproj");

    [Fact]
    public async Task ImagePropertiesNameTheComposeImageANonRootUserAndTheEntrypoint()
    {
        var result = await CommandLine.RunAsync(
            "dotnet",
            ["msbuild", WorkerProject, "-getProperty:ContainerRepository", "-getProperty:ContainerImageTag", "-getProperty:ContainerBaseImage", "-getProperty:ContainerUser",
             "-getItem:ContainerAppCommand", "-getProperty:ContainerAppCommandInstruction", "-getItem:ContainerLabel"],
            TimeSpan.FromMinutes(2));
        Assert.True(result.Succeeded, result.Output);
        using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]);
        var properties = json.RootElement.GetProperty("Properties");
        Assert.Equal(ComposeWriter.ListenerImage, $"{properties.GetProperty("ContainerRepository").GetString()}:{properties.GetProperty("ContainerImageTag").GetString()}");
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", properties.GetProperty("ContainerBaseImage").GetString());
        Assert.Equal("app", properties.GetProperty("ContainerUser").GetString());

        var items = json.RootElement.GetProperty("Items");
        Assert.Equal(["/app/k2hr3-osnl"], items.GetProperty("ContainerAppCommand").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()));
        Assert.Equal("Entrypoint", properties.GetProperty("ContainerAppCommandInstruction").GetString());
        var labels = items.GetProperty("ContainerLabel").EnumerateArray()
            .ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty("Value").GetString());
        Assert.Equal("k2hr3-osnl", labels["org.opencontainers.image.title"]);
        Assert.Equal("0.1.0", labels["org.opencontainers.image.version"]);
        Assert.True(labels.ContainsKey("org.opencontainers.image.description"));
    }

    [Fact]
    public async Task PublishContainerWritesATarballWithEntrypointUserAndLabels()
    {
        if (!await RegistryAnswersAsync())
        {
            Assert.Skip($"{BaseRegistry} is unreachable: PublishContainer must pull the base image manifest and layers");
        }

        using var output = new TempDirectory("k2hr3-image-");
        var tarball = output.Combine("k2hr3-osnl.tar.gz");
        var result = await CommandLine.RunAsync(
            "dotnet",
            ["publish", WorkerProject, "-t:PublishContainer", "-c", PublishedDeployment.BuildConfiguration, $"-p:ContainerArchiveOutputPath={tarball}", "-o", output.Combine("app")],
            TimeSpan.FromMinutes(8));
        Assert.True(result.Succeeded, result.Output);

        var config = ReadImageConfig(tarball).RootElement.GetProperty("config");
        Assert.Equal(["/app/k2hr3-osnl"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("app", config.GetProperty("User").GetString());
        Assert.Equal("k2hr3-osnl", config.GetProperty("Labels").GetProperty("org.opencontainers.image.title").GetString());
    }

    /// <summary>
    /// The image eng/build-images.sh makes with the same PublishContainer target where no registry answers (a private
    /// local registry serves the Debian base): the program is the entrypoint, it runs as the numeric non-root user.
    /// </summary>
    [Fact]
    public async Task LocalListenerImageRunsTheListenerAsANonRootUser()
    {
        PodmanImages.RequireLocalImages();
        var image = PodmanImages.ListenerImage;

        var config = await CommandLine.RunAsync("podman", ["image", "inspect", "--format", "{{.Config.User}}|{{json .Config.Entrypoint}}|{{json .Config.Cmd}}|{{index .Config.Labels \"org.opencontainers.image.title\"}}", image], TimeSpan.FromSeconds(30));
        Assert.True(config.Succeeded, config.Output);
        Assert.Equal("1654|[\"/app/k2hr3-osnl\"]|null|k2hr3-osnl", config.StandardOutput.Trim());

        var user = await CommandLine.RunAsync("podman", ["run", "--rm", "--network", "none", "--entrypoint", "/usr/bin/id", image, "-u"], TimeSpan.FromSeconds(60));
        Assert.True(user.Succeeded, user.Output);
        Assert.Equal("1654", user.StandardOutput.Trim());

        // The program itself starts and explains what it lacks (no broker or API configured here).
        var listener = await CommandLine.RunAsync("podman", ["run", "--rm", "--network", "none", image], TimeSpan.FromSeconds(60));
        Assert.Contains("k2hr3-osnl: error: config file /etc/k2hr3/k2hr3_osnl.conf not found", listener.Output, StringComparison.Ordinal);
    }

    /// <summary>A TCP connection to the registry's HTTPS port within 5 s (DNS included).</summary>
    private static async Task<bool> RegistryAnswersAsync()
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(BaseRegistry, 443, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static bool IsGzip(string path)
    {
        Span<byte> magic = stackalloc byte[2];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>The image configuration blob named by the archive's docker-style manifest.json.</summary>
    private static JsonDocument ReadImageConfig(string tarball)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var file = File.OpenRead(tarball))
        using (var archive = IsGzip(tarball) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file)
        using (var reader = new TarReader(archive))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is { } data && (entry.Name == "manifest.json" || entry.Name.EndsWith(".json", StringComparison.Ordinal) || entry.Name.StartsWith("blobs/", StringComparison.Ordinal)))
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    entries[entry.Name] = copy.ToArray();
                }
            }
        }

        using var manifest = JsonDocument.Parse(entries["manifest.json"]);
        var configName = manifest.RootElement[0].GetProperty("Config").GetString()!;
        return JsonDocument.Parse(entries[configName]);
    }
}
