namespace K2hr3.Tests.Support;

/// <summary>
/// Upstream's sample notifications (k2hr3_osnl tools/data/*.json) as their services would send them. Free of xunit, so
/// the throughput harness (bench/K2hr3.Throughput) links this file and publishes exactly what the tests publish.
/// </summary>
public static class OsloSamples
{
    /// <summary>An upstream sample as its service would send it, with a fresh _unique_id.</summary>
    public static OsloMessage Sample(string fileName) => OsloEnvelope.LoadSample(TestData.Notification(fileName));

    /// <summary>The neutron port.delete.end sample for another instance (a distinct cuk per message).</summary>
    public static OsloMessage NeutronPortDelete(string cuk) => WithDeviceId(Sample("notifications_neutron.json"), cuk);

    /// <summary>
    /// A copy of a neutron port notification (e.g. <see cref="NeutronPortDelete"/>'s, loaded once) for another instance:
    /// new device_id, message_id and _unique_id, so neither the API nor a duplicate check can tell two apart.
    /// </summary>
    public static OsloMessage WithDeviceId(OsloMessage neutronPortNotification, string cuk)
    {
        var payload = neutronPortNotification.Payload!.DeepClone();
        payload["port"]!["device_id"] = cuk;
        return neutronPortNotification with
        {
            Payload = payload,
            MessageId = Guid.NewGuid().ToString(),
            UniqueId = Guid.NewGuid().ToString("N"),
        };
    }
}
