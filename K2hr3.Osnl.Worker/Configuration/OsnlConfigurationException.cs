namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>
/// An invalid setting found at start-up. The message is one line naming the option, the value and the reason;
/// the process prints it and exits non-zero (never per message, unlike upstream).
/// </summary>
public sealed class OsnlConfigurationException : Exception
{
    public OsnlConfigurationException(string option, string? value, string reason)
        : base($"invalid value for {option}: '{value}': {reason}")
    {
        Option = option;
        Value = value;
        Reason = reason;
    }

    /// <summary>For whole-file problems (missing file, INI syntax error) where no single option is at fault.</summary>
    public OsnlConfigurationException(string message)
        : base(message)
    {
        Option = string.Empty;
        Reason = message;
    }

    /// <summary>e.g. <c>[k2hr3] timeout_seconds</c>, <c>OS_K2HR3__TIMEOUT_SECONDS</c> or <c>Osnl:k2hr3:timeout_seconds</c>.</summary>
    public string Option { get; }

    /// <summary>The offending value; for secrets the loader passes a redacted value.</summary>
    public string? Value { get; }

    public string Reason { get; }
}
