namespace K2hr3.Osnl.Worker.Cli;

/// <summary>
/// Tokens the upstream flags do not know are .NET configuration arguments (<c>--Osnl:k2hr3:timeout_seconds=5</c>,
/// <c>--urls http://127.0.0.1:0</c>) as Aspire and tests pass them. Anything else is a usage error, as with
/// argparse ("unrecognized arguments").
/// </summary>
internal static class PassThroughArguments
{
    /// <returns>The tokens that are not <c>--Key=Value</c>, <c>--Key</c> or the value right after a <c>--Key</c>.</returns>
    public static IReadOnlyList<string> Unrecognized(IReadOnlyList<string> tokens)
    {
        var unrecognized = new List<string>();
        var valueMayFollow = false;
        foreach (var token in tokens)
        {
            if (token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2)
            {
                valueMayFollow = !token.Contains('=');
            }
            else if (valueMayFollow && !token.StartsWith('-'))
            {
                valueMayFollow = false;
            }
            else
            {
                unrecognized.Add(token);
                valueMayFollow = false;
            }
        }

        return unrecognized;
    }
}
