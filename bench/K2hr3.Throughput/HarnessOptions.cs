namespace K2hr3.Throughput;

/// <summary>What one harness run measures (from the command line).</summary>
internal sealed record HarnessOptions
{
    public const int DefaultMessages = 20_000;

    /// <summary>Untimed messages each listener handles first (JIT tiering, connection pools, caches), like a listener that has been running.</summary>
    public const int DefaultWarmup = 20_000;

    /// <summary>Rounds per contender; the table shows each contender's median round.</summary>
    public const int DefaultRounds = 3;

    /// <summary>Messages per listener; each listener gets its own freshly filled queue.</summary>
    public int Messages { get; init; } = DefaultMessages;

    /// <summary>Untimed messages ahead of the timed ones in the same queue.</summary>
    public int Warmup { get; init; } = DefaultWarmup;

    /// <summary>How often each contender is timed (rounds interleave the contenders, so load drift hits all alike).</summary>
    public int Rounds { get; init; } = DefaultRounds;

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
