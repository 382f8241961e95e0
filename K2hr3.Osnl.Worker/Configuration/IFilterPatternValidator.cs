namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>
/// Checks one filter regex (publisher_id, event_type, or a context/metadata/payload value) at load time, so a bad
/// pattern is reported with the option and source it came from. Implemented where Python regexes are translated.
/// </summary>
public interface IFilterPatternValidator
{
    /// <returns>Null when the pattern is usable, else the reason (one line).</returns>
    string? Validate(string pattern);
}
