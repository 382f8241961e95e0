using System.CommandLine;
using System.CommandLine.Help;
using K2hr3.Osnl.Worker.Configuration.Validation;

namespace K2hr3.Osnl.Worker.Cli;

/// <summary>
/// upstream's command line (osnl-compatibility.md §2): <c>k2hr3-osnl [-h] [-c CONFIG_FILE] [-d LEVEL] [-l LEVEL] [-f LOG_FILE] [-v]</c>.
/// Usage errors print one <c>k2hr3-osnl: error: ...</c> line and exit 2, like argparse.
/// </summary>
public static class OsnlCommandLine
{
    public const int UsageErrorExitCode = 2;

    public static CommandLineResult Parse(string[] args, TextWriter output, TextWriter error)
    {
        var configFile = new Option<string>("--config-file", "-c")
        {
            HelpName = "CONFIG_FILE",
            Description = $"config file path (default: {OsnlSettingsLoader.DefaultConfigFile}; optional unless given)",
        };
        var debugLevel = LevelOption("-d", "the program's log level (default: [DEFAULT] debug_level)");
        var libraryLevel = LevelOption("-l", "the libraries' log level (default: [DEFAULT] libs_debug_level)");
        var logFile = new Option<string>("-f") { HelpName = "LOG_FILE", Description = "log to this file (default: [DEFAULT] log_file)" };
        var version = new Option<bool>("-v", "--version") { Description = "show program's version number and exit" };

        var root = new RootCommand("K2HR3 OpenStack Notification Listener. Other --Key=Value arguments are .NET configuration.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var builtIn in root.Options.Where(option => option is HelpOption or VersionOption).ToList())
        {
            root.Options.Remove(builtIn); // argparse has only -h/--help and our own -v
        }

        root.Options.Add(new HelpOption("--help", "-h"));
        root.Directives.Clear();
        foreach (var option in new Option[] { configFile, debugLevel, libraryLevel, logFile, version })
        {
            root.Options.Add(option);
        }

        // No @response-file expansion: a token such as "@x" is an ordinary (pass-through) argument.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Action is HelpAction)
        {
            return CommandLineResult.Exit(result.Invoke(new InvocationConfiguration { Output = output, Error = error }));
        }

        var problem = result.Errors.Select(parseError => parseError.Message).FirstOrDefault()
            ?? (PassThroughArguments.Unrecognized(result.UnmatchedTokens) is { Count: > 0 } unrecognized
                ? $"unrecognized arguments: {string.Join(' ', unrecognized)}"
                : null);
        if (problem is not null)
        {
            error.WriteLine($"{ProgramVersion.ProgramName}: error: {problem.ReplaceLineEndings(" ")}");
            return CommandLineResult.Exit(UsageErrorExitCode);
        }

        if (result.GetValue(version))
        {
            output.WriteLine($"{ProgramVersion.ProgramName} {ProgramVersion.Text}");
            return CommandLineResult.Exit(0);
        }

        var overrides = new CommandLineOverrides(
            result.GetValue(configFile), result.GetValue(debugLevel), result.GetValue(libraryLevel), result.GetValue(logFile));
        return new CommandLineResult(null, overrides, [.. result.UnmatchedTokens]);
    }

    private static Option<string> LevelOption(string name, string description)
    {
        var option = new Option<string>(name) { HelpName = "LEVEL", Description = $"{description}; one of {string.Join(", ", LogLevels.CommandLineChoices)}" };
        option.Validators.Add(optionResult =>
        {
            var value = optionResult.GetValueOrDefault<string>();
            if (value is not null && !LogLevels.CommandLineChoices.Contains(value))
            {
                optionResult.AddError($"argument {name}: invalid choice: '{value}' (choose from {string.Join(", ", LogLevels.CommandLineChoices.Select(choice => $"'{choice}'"))})");
            }
        });
        return option;
    }
}
