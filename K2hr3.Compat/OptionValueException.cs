namespace K2hr3.Compat;

/// <summary>A value that its option type rejects. The reason is oslo's wording where oslo has one; the caller adds
/// where the value came from.</summary>
public sealed class OptionValueException(string reason) : Exception(reason);
