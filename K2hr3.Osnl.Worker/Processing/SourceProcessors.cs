namespace K2hr3.Osnl.Worker.Processing;

/// <summary>The configured sources, each with its processor (built once at start-up, filters compiled).</summary>
public sealed record SourceProcessors(IReadOnlyList<DeliveryProcessor> Processors);
