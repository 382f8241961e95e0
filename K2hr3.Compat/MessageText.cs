namespace K2hr3.Compat;

/// <summary>Start-up errors are printed as ONE stderr line; values may hold newlines (continuation lines).</summary>
public static class MessageText
{
    public static string OneLine(string text)
        => text.Replace("\r", @"\r", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);
}
