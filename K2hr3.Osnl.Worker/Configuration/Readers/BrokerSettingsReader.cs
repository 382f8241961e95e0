using K2hr3.Compat;
using K2hr3.Osnl.Worker.Configuration.Options;
using K2hr3.Osnl.Worker.Configuration.Transport;

namespace K2hr3.Osnl.Worker.Configuration.Readers;

/// <summary>The broker from transport_url (or <c>ConnectionStrings:rabbitmq</c>), and the ignored executor.</summary>
internal static class BrokerSettingsReader
{
    public static BrokerSettings Read(OsloOptionResolver options)
    {
        ValidateExecutor(options);
        try
        {
            return TransportUrlParser.Parse(options.GetString(OsnlOptions.TransportUrl), options.Warnings);
        }
        catch (TransportUrlException e)
        {
            throw options.Invalid(OsnlOptions.TransportUrl, e.Message);
        }
    }

    // oslo accepts only these executors; both mean "a pool of workers" here, sized by [worker] concurrency.
    private static void ValidateExecutor(OsloOptionResolver options)
    {
        if (options.GetString(OsnlOptions.Executor) is not ("" or "threading" or "eventlet"))
        {
            throw options.Invalid(OsnlOptions.Executor, "Executor should be None or 'eventlet' and 'threading'");
        }
    }
}
