namespace K2hr3.Throughput;

/// <summary>What one harness run measures (from the command line).</summary>
internal sealed record HarnessOptions
{
    public const int DefaultMessages = 20_000;

    /// <summary>Messages per listener; each listener gets its own freshly filled queue.</summary>
    public int Messages { get; init; } = DefaultMessages;

    /// <summary>Extra listener command lines (<c>{conf}</c> = the generated configuration file).</summary>
    public IReadOnlyList<string> Listeners { get; init; } = [];

    /// <summary>Where to write the Markdown table, or null.</summary>
    public string? MarkdownFile { get; init; }

    /// <summary>The worker to run as <c>dotnet &lt;dll&gt; -c &lt;conf&gt;</c>; null = skip it.</summary>
    public string? WorkerAssembly { get; init; }

    public TimeSpan ListenerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The harness's own arguments, echoed in the table so a result can be reproduced.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}
