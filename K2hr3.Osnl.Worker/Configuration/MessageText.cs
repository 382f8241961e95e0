namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>Start-up errors are printed as ONE stderr line; values may hold newlines (continuation lines).</summary>
internal static class MessageText
{
    public static string OneLine(string text)
        => text.Replace("\r", @"\r", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);
}
