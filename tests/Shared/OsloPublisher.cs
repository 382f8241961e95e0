namespace K2hr3.Tests.Support;

/// <summary>Publishes notifications exactly as an OpenStack service's oslo.messaging notifier does (osnl-compatibility.md §5.1).</summary>
public static class OsloPublisher
{
    /// <summary>The v2 envelope of <paramref name="message"/> to <paramref name="exchange"/> with routing key <c>&lt;topic&gt;.info</c>.</summary>
    public static Task PublishAsync(this AmqpTestClient client, string exchange, string topic, OsloMessage message, IDictionary<string, object?>? headers = null)
        => client.PublishAsync(exchange, topic + ".info", OsloEnvelope.V2(message), AmqpTestClient.OsloProperties(headers), TestContext.Current.CancellationToken);

    /// <summary>An upstream sample (tools/data/*.json in k2hr3_osnl) as its service would send it, with a fresh _unique_id.</summary>
    public static OsloMessage Sample(string fileName) => OsloSamples.Sample(fileName);

    /// <summary>The neutron port.delete.end sample for another instance (a distinct cuk per message).</summary>
    public static OsloMessage NeutronPortDelete(string cuk) => OsloSamples.NeutronPortDelete(cuk);
}
