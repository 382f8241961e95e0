using K2hr3.Osnl.Worker.Configuration;
using K2hr3.Osnl.Worker.Notifications;
using K2hr3.Tests.Support;

namespace K2hr3.Bench;

/// <summary>
/// One of upstream's three sample notifications as oslo publishes it (v2 envelope), with the publisher/event patterns
/// of its upstream sample configuration: the inputs every benchmark shares.
/// </summary>
internal sealed record UpstreamSample(string File, string PublisherIdPattern, string EventTypePattern)
{
    /// <summary>The K2HR3 API role URL the DELETE URI is built on.</summary>
    public static readonly Uri ApiUrl = new("https://localhost/v1/role");

    /// <summary>The largest sample (nova versioned: 4.3 KB body, 3.8 KB message).</summary>
    public static readonly UpstreamSample NovaVersioned = new("versioned_notifications_nova.json", @"^nova-compute:.*$", @"^instance\.delete\.end$");

    /// <summary>The sample a <c>Sample</c> benchmark parameter names: <c>neutron</c>, <c>nova</c> or <c>nova-versioned</c>.</summary>
    public static UpstreamSample Named(string name) => name switch
    {
        "neutron" => new("notifications_neutron.json", @"^network.*$", @"^port\.delete\.end$"),
        "nova" => new("notifications_nova.json", @"^compute.*$", @"^compute\.instance\.delete\.end$"),
        "nova-versioned" => NovaVersioned,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not one of neutron, nova, nova-versioned"),
    };

    /// <summary>The AMQP body oslo.messaging + kombu send for this sample.</summary>
    public byte[] Body() => OsloEnvelope.V2(OsloEnvelope.LoadSample(TestData.Notification(File)));

    /// <summary>The filter of the sample's upstream configuration (publisher_id and event_type patterns only).</summary>
    public NotificationFilter Filter() =>
        NotificationFilter.Create(new FilterSettings(PublisherIdPattern, EventTypePattern, null, null, null), TimeSpan.FromMilliseconds(100));
}
