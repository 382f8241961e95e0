using K2hr3.Compat;
using K2hr3.Osnl.Worker.Configuration.Options;
using K2hr3.Osnl.Worker.Configuration.Validation;

namespace K2hr3.Osnl.Worker.Configuration.Readers;

/// <summary><c>[k2hr3]</c> plus <c>[worker] retry_server_errors</c>.</summary>
internal static class ApiSettingsReader
{
    public static ApiSettings Read(OsloOptionResolver options) => new()
    {
        ApiUrl = ApiUrl.Validate(options.GetString(OsnlOptions.ApiUrl), out var reason)
            ?? throw options.Invalid(OsnlOptions.ApiUrl, reason),
        Timeout = TimeSpan.FromSeconds(options.GetInteger(OsnlOptions.TimeoutSeconds)),
        MaxRetries = options.GetInteger(OsnlOptions.MaxRetries),
        RetryInterval = TimeSpan.FromSeconds(options.GetInteger(OsnlOptions.RetryIntervalSeconds)),
        AllowSelfSignedCert = options.GetBoolean(OsnlOptions.AllowSelfSignedCert),
        RequeueOnError = options.GetBoolean(OsnlOptions.RequeueOnError),
        RetryServerErrors = options.GetBoolean(OsnlOptions.RetryServerErrors),
    };
}
