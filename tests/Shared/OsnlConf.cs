namespace K2hr3.Tests.Support;

/// <summary>
/// The k2hr3-osnl.conf that tests running the built worker start from: upstream's neutron sample (its filter, topic
/// and exchange) pointed at a test broker's virtual host and an API.
/// </summary>
public static class OsnlConf
{
    /// <summary>oslo's <c>rabbit://</c> URL of <paramref name="broker"/>'s <paramref name="virtualHost"/>.</summary>
    public static string TransportUrl(RabbitMqBroker broker, string virtualHost, string credentials = "guest:guest", string query = "")
        => $"rabbit://{credentials}@127.0.0.1:{broker.Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(virtualHost)}{query}";

    /// <param name="transportUrl">e.g. <see cref="TransportUrl"/>.</param>
    /// <param name="apiUrl">The API's role URL.</param>
    /// <param name="debug"><c>[DEFAULT] debug_level</c> and <c>libs_debug_level</c> debug, else info and warn.</param>
    /// <param name="timeoutSeconds"><c>[k2hr3] timeout_seconds</c>.</param>
    /// <param name="worker">Lines of a <c>[worker]</c> section, if any.</param>
    public static string Neutron(string transportUrl, Uri apiUrl, bool debug = false, int timeoutSeconds = 5, string? worker = null)
        => $"""
            [DEFAULT]
            debug_level = {(debug ? "debug" : "info")}
            libs_debug_level = {(debug ? "debug" : "warn")}

            [oslo_messaging_notifications]
            event_type = ^port\.delete\.end$
            publisher_id = ^network.*$
            transport_url = {transportUrl}
            topic = notifications
            exchange = neutron

            [k2hr3]
            api_url = {apiUrl}
            timeout_seconds = {timeoutSeconds.ToString(CultureInfo.InvariantCulture)}
            """ + (worker is null ? string.Empty : $"\n\n[worker]\n{worker}") + "\n";
}
