using K2hr3.Compat;
using K2hr3.Osnl.Worker.Configuration.Options;

namespace K2hr3.Osnl.Worker.Configuration.Readers;

/// <summary><c>[worker]</c>: our options beyond upstream.</summary>
internal static class ProcessingSettingsReader
{
    public static ProcessingSettings Read(OsloOptionResolver options)
    {
        var retrySuffix = ReadSuffix(options, OsnlOptions.RetrySuffix);
        var deadLetterSuffix = ReadSuffix(options, OsnlOptions.DeadLetterSuffix);
        if (retrySuffix == deadLetterSuffix)
        {
            throw options.Invalid(OsnlOptions.DeadLetterSuffix, $"must differ from {OsnlOptions.RetrySuffix.Name}");
        }

        return new ProcessingSettings
        {
            Concurrency = options.GetInteger(OsnlOptions.Concurrency),
            RedeliveryDelay = TimeSpan.FromSeconds(options.GetInteger(OsnlOptions.RedeliveryDelaySeconds)),
            MaxRedeliveries = options.GetInteger(OsnlOptions.MaxRedeliveries),
            ShutdownGrace = TimeSpan.FromSeconds(options.GetInteger(OsnlOptions.ShutdownGraceSeconds)),
            RegexMatchTimeout = TimeSpan.FromMilliseconds(options.GetInteger(OsnlOptions.RegexTimeoutMs)),
            RetryQueueSuffix = retrySuffix,
            DeadLetterQueueSuffix = deadLetterSuffix,
        };
    }

    // The suffix names our extra queues (<queue><suffix>): empty would make it the consumed queue itself.
    private static string ReadSuffix(OsloOptionResolver options, OsloOption option)
        => options.GetString(option) is { Length: > 0 } suffix ? suffix : throw options.Invalid(option, "must not be empty");
}
