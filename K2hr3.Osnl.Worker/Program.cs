if (args is [BootstrapCommand.Name, .. var bootstrapArgs])
{
    // The published deployment's one-shot osnl-bootstrap service: same image, this command (README "Deploy").
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
    return await BootstrapCommand.RunAsync(bootstrapArgs, Console.Error, stop.Token);
}

var commandLine = OsnlCommandLine.Parse(args, Console.Out, Console.Error);
if (commandLine.ExitCode is { } exitCode)
{
    return exitCode;
}

OsnlSettings settings;
try
{
    var configuration = DotNetConfiguration.Build(commandLine.PassThroughArgs, AppContext.BaseDirectory);
    settings = new OsnlSettingsLoader(configuration, DotNetConfiguration.ProcessEnvironment()).Load(commandLine.Overrides);
}
catch (OsnlConfigurationException e)
{
    await Console.Error.WriteLineAsync($"{ProgramVersion.ProgramName}: error: {e.Message.ReplaceLineEndings(" ")}");
    return 1;
}

return await OsnlHost.RunAsync(settings, commandLine.PassThroughArgs);
