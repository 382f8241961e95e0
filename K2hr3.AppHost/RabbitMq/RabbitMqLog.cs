using Microsoft.Extensions.Logging;

namespace K2hr3.AppHost.RabbitMq;

internal static partial class RabbitMqLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "RabbitMQ is not available: {Reason}")]
    public static partial void BrokerUnavailable(ILogger logger, string reason);
}
