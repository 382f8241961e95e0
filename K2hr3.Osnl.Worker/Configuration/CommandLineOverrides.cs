namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>The upstream flags that feed configuration; a flag that was given wins over the config value.</summary>
/// <param name="ConfigFile"><c>-c</c>; null → the default path, which may be absent.</param>
/// <param name="DebugLevel"><c>-d</c>.</param>
/// <param name="LibraryDebugLevel"><c>-l</c>.</param>
/// <param name="LogFile"><c>-f</c>.</param>
public sealed record CommandLineOverrides(
    string? ConfigFile = null,
    string? DebugLevel = null,
    string? LibraryDebugLevel = null,
    string? LogFile = null)
{
    public static readonly CommandLineOverrides None = new();
}
