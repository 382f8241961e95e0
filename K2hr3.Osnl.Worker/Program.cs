using K2hr3.Osnl.Worker.Cli;
using K2hr3.Osnl.Worker.Configuration;
using K2hr3.Osnl.Worker.Hosting;

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
