namespace K2hr3.Osnl.Worker.Api;

/// <summary>Self-registration log lines. The role token never appears in them.</summary>
internal static partial class SelfRegistrationLog
{
    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Self-registration: registering this listener in {Registration}")]
    public static partial void Starting(ILogger logger, SelfRegistrationOptions registration);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Self-registration: registered in role {Role} after {Attempts} attempt(s); the API recorded the address it sees this listener at")]
    public static partial void Registered(ILogger logger, string role, int attempts);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Self-registration in role {Role} failed (attempt {Attempt}): {Reason}; retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string role, int attempt, string reason, TimeSpan delay);
}
