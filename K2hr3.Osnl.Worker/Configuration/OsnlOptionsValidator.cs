using K2hr3.Osnl.Worker.Configuration.Options;
using Microsoft.Extensions.Options;

namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>
/// What oslo's types cannot say about the bound options (a URL, a writable file, a non-empty topic, distinct queues).
/// A bound value does not know where it came from, so each failure is worded by the resolver of its options
/// (<see cref="OsloOptionResolver.Invalid(OsloOption, string)"/>): one line naming the key or variable, the value as
/// written there and the reason. The first failure is also kept whole (<see cref="FirstError"/>) for the loader to throw.
/// </summary>
/// <param name="options">The resolver of the file's groups and of each <c>Osnl:Sources:&lt;name&gt;</c> source.</param>
/// <param name="sources">The resolver of each source by name.</param>
/// <param name="overrides">The -d/-l/-f flags: checked and named apart, as they do not come from configuration.</param>
internal sealed class OsnlOptionsValidator(
    OsloOptionResolver options, IReadOnlyDictionary<string, OsloOptionResolver> sources, CommandLineOverrides overrides)
    : IValidateOptions<LoggingSettings>, IValidateOptions<TransportOptions>, IValidateOptions<SourceSettings>,
        IValidateOptions<ApiSettings>, IValidateOptions<ProcessingSettings>
{
    // Queue name → the source that consumes it; sources are validated in order, each against those before it.
    private readonly Dictionary<string, string> _queues = [];

    public OsnlConfigurationException? FirstError { get; private set; }

    public ValidateOptionsResult Validate(string? name, LoggingSettings logging)
    {
        // The file's log_file is checked even when -f overrides it: nothing invalid is left for later (§9 #9).
        if (Validation.LogFile.Check((string)options.ValueOf(OsnlOptions.LogFile)!) is { } reason)
        {
            return Fail(options.Invalid(OsnlOptions.LogFile, reason));
        }

        return Flag("-d", overrides.DebugLevel, LevelError) ?? Flag("-l", overrides.LibraryDebugLevel, LevelError)
            ?? Flag("-f", overrides.LogFile, Validation.LogFile.Check) ?? ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, TransportOptions transport)
    {
        // oslo accepts only these executors; both mean "a pool of workers" here, sized by [worker] concurrency.
        if (transport.Executor is not ("" or "threading" or "eventlet"))
        {
            return Fail(options.Invalid(OsnlOptions.Executor, "Executor should be None or 'eventlet' and 'threading'"));
        }

        // The file's topic is checked even when Osnl:Sources entries replace its source.
        if (((string)options.ValueOf(OsnlOptions.Topic)!).Length == 0)
        {
            return Fail(options.Invalid(OsnlOptions.Topic, "must not be empty"));
        }

        try
        {
            Transport.TransportUrlParser.Parse(transport.Url);
            return ValidateOptionsResult.Success;
        }
        catch (TransportUrlException e)
        {
            return Fail(options.Invalid(OsnlOptions.TransportUrl, e.Message));
        }
    }

    public ValidateOptionsResult Validate(string? name, SourceSettings source)
    {
        if (source.Topic.Length == 0)
        {
            return Fail(sources[source.Name].Invalid(OsnlOptions.Topic, "must not be empty"));
        }

        if (_queues.TryGetValue(source.QueueName, out var owner))
        {
            return Fail(new OsnlConfigurationException($"{OsnlConfigurationKeys.Sources}:{source.Name}:{OsnlOptions.Pool.Name}", source.Pool,
                $"queue {source.QueueName} is already consumed by source {owner}"));
        }

        _queues[source.QueueName] = source.Name;
        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, ApiSettings api)
        => Validation.ApiUrl.Validate(api.ApiUrl.OriginalString, out var reason) is null ? Fail(options.Invalid(OsnlOptions.ApiUrl, reason)) : ValidateOptionsResult.Success;

    // A suffix names our extra queues (<queue><suffix>): empty would make it the consumed queue itself.
    public ValidateOptionsResult Validate(string? name, ProcessingSettings processing)
        => processing.RetryQueueSuffix.Length == 0 ? Fail(options.Invalid(OsnlOptions.RetrySuffix, "must not be empty"))
            : processing.DeadLetterQueueSuffix.Length == 0 ? Fail(options.Invalid(OsnlOptions.DeadLetterSuffix, "must not be empty"))
            : processing.DeadLetterQueueSuffix == processing.RetryQueueSuffix
                ? Fail(options.Invalid(OsnlOptions.DeadLetterSuffix, $"must differ from {OsnlOptions.RetrySuffix.Name}"))
            : ValidateOptionsResult.Success;

    private ValidateOptionsResult? Flag(string flag, string? value, Func<string, string?> reasonOf)
        => value is not null && reasonOf(value) is { } reason ? Fail(new OsnlConfigurationException(flag, MessageText.OneLine(value), reason)) : null;

    private static string? LevelError(string level)
        => Validation.LogLevels.CommandLineChoices.Contains(level) ? null : $"Valid values are [{string.Join(", ", Validation.LogLevels.CommandLineChoices)}], but found {PythonText.Repr(level)}";

    private ValidateOptionsResult Fail(Exception error)
    {
        FirstError ??= (OsnlConfigurationException)error;
        return ValidateOptionsResult.Fail(error.Message);
    }
}
