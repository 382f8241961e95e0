namespace K2hr3.AppHost.Osnl.Simulation;

/// <summary>Lines the simulate commands write into the osnl console of the dashboard.</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Simulated {EventType} for instance {InstanceId} (ips: {Ips}) published to {Exchange}/{RoutingKey}; trace {TraceId}")]
    public static partial void Published(ILogger logger, string eventType, string instanceId, string ips, string exchange, string routingKey, string traceId);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Simulated {EventType} not published: {Reason}")]
    public static partial void PublishFailed(ILogger logger, string eventType, string reason);
}
