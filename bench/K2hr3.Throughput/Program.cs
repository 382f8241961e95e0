using System.CommandLine;
using K2hr3.Throughput;

// dotnet run -c Release --project bench/K2hr3.Throughput -- --messages 20000 --markdown bench/throughput.md
var messages = CountOption(["--messages", "-n"], "distinct neutron port.delete.end notifications per listener", HarnessOptions.DefaultMessages, minimum: 1);
var warmup = CountOption(
    ["--warmup"],
    "untimed notifications each listener handles first, in the same queue ahead of the timed ones (0 = time a cold start)",
    HarnessOptions.DefaultWarmup,
    minimum: 0);
var rounds = CountOption(["--rounds"], "times each contender is measured (interleaved); the table shows the median round", HarnessOptions.DefaultRounds, minimum: 1);
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

/// <summary>An integer option with a default and a lower bound (the error names the option and the bound).</summary>
static Option<int> CountOption(string[] names, string description, int defaultValue, int minimum)
{
    var option = new Option<int>(names[0], names[1..]) { Description = description, DefaultValueFactory = _ => defaultValue };
    option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() < minimum)
        {
            result.AddError($"{names[0]} must be at least {minimum}");
        }
    });
    return option;
}
