using Microsoft.Extensions.Logging;

namespace K2hr3.AppHost.RabbitMq;

internal static partial class RabbitMqLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "RabbitMQ is not available: {Reason}")]
    public static partial void BrokerUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Stopped the broker's epmd (port {Port}) that Erlang left running")]
    public static partial void EpmdStopped(ILogger logger, int port);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "The broker's epmd (port {Port}) is left running: {Answer}")]
    public static partial void EpmdLeftRunning(ILogger logger, int port, string answer);
}
