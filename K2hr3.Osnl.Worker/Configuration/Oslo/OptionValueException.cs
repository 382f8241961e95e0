namespace K2hr3.Osnl.Worker.Configuration.Oslo;

/// <summary>A value that its option type rejects. The reason is oslo's wording where oslo has one; the caller adds
/// where the value came from (<see cref="OsnlConfigurationException"/>).</summary>
internal sealed class OptionValueException(string reason) : Exception(reason);
