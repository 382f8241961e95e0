using Microsoft.Extensions.Logging;

namespace K2hr3.Bootstrap;

/// <summary>The bootstrap's lines in its dashboard console. Tokens and passwords never appear.</summary>
public static partial class BootstrapLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "K2HR3 API at {BaseUrl}; {Settings}")]
    public static partial void Starting(ILogger logger, Uri baseUrl, K2hr3BootstrapSettings settings);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Bootstrap disabled (K2hr3:Bootstrap:Enabled=false): the listener starts without a registration token")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "No credentials for the existing API (K2hr3:Api:UserName) and no pre-made role token (K2hr3:Api:RegistrationToken): the listener starts unregistered; its address must already be a member of the delhost role, or every DELETE is answered 400")]
    public static partial void NoCredentials(ILogger logger);

    [LoggerMessage(EventId = 5115, Level = LogLevel.Warning, Message = "{Api} cannot run on this host (see its state): no bootstrap; the listener starts without a registration token")]
    public static partial void ApiUnavailable(ILogger logger, string api);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Waiting up to {Timeout} for the API to answer GET /")]
    public static partial void WaitingForApi(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Got a scoped token for tenant {Tenant} as user {UserName}")]
    public static partial void GotUserToken(ILogger logger, string tenant, string userName);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "The API refused a credential login in a request body (405, corsips); used PUT ?username=&password= instead, which puts the password in the API's access log. Add this address to the API's corsips to avoid it.")]
    public static partial void UsedQueryFallback(ILogger logger);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Information, Message = "Role {Role} {Outcome}")]
    public static partial void RoleEnsured(ILogger logger, string role, string outcome);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Information, Message = "Created a role token for {Role} valid for {Expiry}; the listener registers its own address with it")]
    public static partial void RoleTokenCreated(ILogger logger, string role, string expiry);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Information, Message = "Using the pre-made role token (K2hr3:Api:RegistrationToken) for {Role}")]
    public static partial void UsingPremadeToken(ILogger logger, string role);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Demo VM {Ip} (instance {Cuk}) is a member of role {Role}")]
    public static partial void DemoSeeded(ILogger logger, string role, string ip, string cuk);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "Listener registered in {Role} as {Addresses} (the address the API sees)")]
    public static partial void ListenerRegistered(ILogger logger, string role, string addresses);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "The listener's registration did not show up in {Role} within {Timeout}; see the osnl console")]
    public static partial void ListenerNotSeen(ILogger logger, string role, TimeSpan timeout);

    [LoggerMessage(EventId = 5116, Level = LogLevel.Warning, Message = "Reading {Role} to confirm the listener's registration failed: {Reason}; trying again")]
    public static partial void RegistrationCheckFailed(ILogger logger, string role, string reason);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Warning, Message = "{Step}: attempt {Attempt} of {Attempts} failed: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, string step, int attempt, int attempts, string reason);

    [LoggerMessage(EventId = 5114, Level = LogLevel.Error, Message = "Bootstrap failed: {Reason}. The listener keeps waiting; fix the settings and restart the AppHost.")]
    public static partial void Failed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5117, Level = LogLevel.Information, Message = "Renewed the role token for {Role} for a listener start (the previous one had {Left} left)")]
    public static partial void RoleTokenRenewed(ILogger logger, string role, TimeSpan left);

    [LoggerMessage(EventId = 5118, Level = LogLevel.Warning, Message = "Renewing the role token for {Role} failed: {Reason}; the listener gets the previous one")]
    public static partial void RoleTokenRenewalFailed(ILogger logger, string role, string reason);
}
