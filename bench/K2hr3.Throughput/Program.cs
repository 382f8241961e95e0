using System.CommandLine;
using K2hr3.Throughput;

// dotnet run -c Release --project bench/K2hr3.Throughput -- --messages 20000 --markdown bench/throughput.md
var messages = new Option<int>("--messages", "-n")
{
    Description = "distinct neutron port.delete.end notifications per listener",
    DefaultValueFactory = _ => HarnessOptions.DefaultMessages,
};
messages.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 1)
    {
        result.AddError("--messages must be at least 1");
    }
});
var warmup = new Option<int>("--warmup")
{
    Description = "untimed notifications each listener handles first, in the same queue ahead of the timed ones (0 = time a cold start)",
    DefaultValueFactory = _ => HarnessOptions.DefaultWarmup,
};
warmup.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 0)
    {
        result.AddError("--warmup must not be negative");
    }
});
var rounds = new Option<int>("--rounds")
{
    Description = "times each contender is measured (interleaved); the table shows the median round",
    DefaultValueFactory = _ => HarnessOptions.DefaultRounds,
};
rounds.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 1)
    {
        result.AddError("--rounds must be at least 1");
    }
});
var listeners = new Option<string[]>("--listener")
{
    Description = "another listener command line to time on the same queue and sink (repeatable); {conf} is replaced by the generated k2hr3-osnl.conf path",
    HelpName = "COMMAND",
    AllowMultipleArgumentsPerToken = false,
};
var markdown = new Option<FileInfo?>("--markdown")
{
    Description = "also write the result table as Markdown to this file (bench/update-readme.sh pastes it into README.md)",
    HelpName = "FILE",
};
var worker = new Option<FileInfo?>("--worker")
{
    Description = "the k2hr3-osnl.dll to run (default: the one built next to this harness)",
    HelpName = "DLL",
};
var noWorker = new Option<bool>("--no-worker") { Description = "time only the bare consumer and the --listener commands" };
var timeout = new Option<int>("--timeout-seconds")
{
    Description = "give up on a listener that has not delivered every message after this long",
    DefaultValueFactory = _ => 300,
};

var root = new RootCommand("End-to-end throughput of k2hr3-osnl against a bare RabbitMQ consumer (bench/README.md).")
{
    messages, warmup, rounds, listeners, markdown, worker, noWorker, timeout,
};
root.SetAction((parseResult, cancellationToken) =>
{
    var options = new HarnessOptions
    {
        Messages = parseResult.GetValue(messages),
        Warmup = parseResult.GetValue(warmup),
        Rounds = parseResult.GetValue(rounds),
        Listeners = parseResult.GetValue(listeners) ?? [],
        MarkdownFile = parseResult.GetValue(markdown)?.FullName,
        WorkerAssembly = parseResult.GetValue(noWorker)
            ? null
            : parseResult.GetValue(worker)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "k2hr3-osnl.dll"),
        ListenerTimeout = TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
        Arguments = args,
    };
    return ThroughputHarness.RunAsync(options, Console.Out, cancellationToken);
});
return await root.Parse(args).InvokeAsync();
