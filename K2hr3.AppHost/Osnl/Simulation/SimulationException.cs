namespace K2hr3.AppHost.Osnl.Simulation;

/// <summary>A simulated notification could not be published; the message is shown to the dashboard user.</summary>
internal sealed class SimulationException(string message) : Exception(message);
