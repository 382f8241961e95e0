using System.Reflection;

namespace K2hr3.Osnl.Worker.Cli;

/// <summary>The version <c>-v</c> prints: the assembly's informational version without build metadata.</summary>
internal static class ProgramVersion
{
    public const string ProgramName = "k2hr3-osnl";

    public static string Text
    {
        get
        {
            var assembly = typeof(ProgramVersion).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString()
                ?? "0.0.0";
            var metadata = version.IndexOf('+');
            return metadata < 0 ? version : version[..metadata]; // "1.2.3+<commit>" → "1.2.3"
        }
    }
}
