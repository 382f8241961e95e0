namespace K2hr3.Osnl.Worker.Cli;

/// <summary>
/// The .NET configuration the worker reads (BRIEF): appsettings.json, appsettings.{Environment}.json next to the
/// program, environment variables, then the pass-through <c>--Key=Value</c> arguments (highest).
/// </summary>
public static class DotNetConfiguration
{
    /// <exception cref="OsnlConfigurationException">A configuration file is malformed.</exception>
    public static IConfiguration Build(string[] passThroughArgs, string baseDirectory)
    {
        var environmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        try
        {
            return new ConfigurationBuilder()
                .SetBasePath(baseDirectory)
                .AddJsonFile("appsettings.json", optional: true)
                .AddJsonFile($"appsettings.{environmentName}.json", optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine(passThroughArgs)
                .Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            // e.g. a malformed appsettings.json: a start-up configuration error like any other.
            throw new OsnlConfigurationException($".NET configuration cannot be read: {e.Message}");
        }
    }

    /// <summary>The process environment as a dictionary, for oslo's <c>OS_*</c> overrides.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
        => Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? string.Empty, StringComparer.Ordinal);
}
