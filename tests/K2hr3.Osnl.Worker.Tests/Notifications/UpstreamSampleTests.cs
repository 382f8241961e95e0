namespace K2hr3.Tests.Notifications;

/// <summary>
/// The whole per-message path for upstream's three sample notifications, each published the way its service does
/// (oslo v2 envelope) and filtered by the matching upstream sample configuration.
/// </summary>
public class UpstreamSampleTests
{
    private const string Cuk = "12345678-1234-5678-1234-567812345678";

    public static TheoryData<string, string, string> Samples => new()
    {
        { "notifications_neutron.json", "k2hr3-osnl.conf.neutron.sample", $"https://localhost/v1/role?extra=openstack-auto-v1&cuk={Cuk}&host=%5B%22172.16.0.1%22%2C%20%222001%3Adb8%3A%3A6%22%5D" },
        { "notifications_nova.json", "k2hr3-osnl.conf.compute.sample", $"https://localhost/v1/role?extra=openstack-auto-v1&cuk={Cuk}" },
        { "versioned_notifications_nova.json", "k2hr3-osnl.conf.nova_compute.sample", $"https://localhost/v1/role?extra=openstack-auto-v1&cuk={Cuk}" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void SamplePassesItsConfigurationAndProducesTheUpstreamUrl(string sample, string configuration, string expectedUrl)
    {
        var (filter, apiUrl) = ReadSampleConfiguration(configuration);
        var body = OsloEnvelope.V2(OsloEnvelope.LoadSample(TestData.Notification(sample)));

        var decoded = NotificationDecoder.Decode(body, OsloEnvelope.ContentType);
        using var notification = decoded.Notification!;
        Assert.Equal(DecodeStatus.Decoded, decoded.Status);
        Assert.Equal(PriorityKind.Info, notification.PriorityKind);
        Assert.Equal(FilterResult.Matched, filter.Match(notification));
        var extraction = TargetExtractor.Extract(notification.Payload);
        Assert.Equal(ExtractionStatus.Found, extraction.Status);
        var validation = TargetValidator.Validate(extraction);
        Assert.True(validation.IsValid, validation.Error);
        var uri = DeleteRequestUri.Build(apiUrl, validation.Target!);

        Assert.Equal(expectedUrl, uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("notifications_neutron.json", "k2hr3-osnl.conf.compute.sample", "publisher_id")]
    [InlineData("notifications_neutron.json", "k2hr3-osnl.conf.nova_compute.sample", "publisher_id")]
    [InlineData("notifications_nova.json", "k2hr3-osnl.conf.neutron.sample", "publisher_id")]
    [InlineData("notifications_nova.json", "k2hr3-osnl.conf.nova_compute.sample", "publisher_id")]
    [InlineData("versioned_notifications_nova.json", "k2hr3-osnl.conf.neutron.sample", "publisher_id")]
    [InlineData("versioned_notifications_nova.json", "k2hr3-osnl.conf.compute.sample", "publisher_id")]
    public void SampleIsFilteredOutByTheOtherConfigurations(string sample, string configuration, string failingField)
    {
        var (filter, _) = ReadSampleConfiguration(configuration);
        using var notification = NotificationDecoder.Decode(OsloEnvelope.V2(OsloEnvelope.LoadSample(TestData.Notification(sample))), OsloEnvelope.ContentType).Notification!;

        Assert.Equal(new FilterResult(FilterOutcome.NotMatched, failingField), filter.Match(notification));
    }

    [Fact]
    public void NeutronSampleWithAnotherEventTypeFailsOnEventType()
    {
        var (filter, _) = ReadSampleConfiguration("k2hr3-osnl.conf.neutron.sample");
        var message = OsloEnvelope.LoadSample(TestData.Notification("notifications_neutron.json")) with { EventType = "port.create.end" };
        using var notification = NotificationDecoder.Decode(OsloEnvelope.V2(message), OsloEnvelope.ContentType).Notification!;

        Assert.Equal(new FilterResult(FilterOutcome.NotMatched, "event_type"), filter.Match(notification));
    }

    /// <summary>
    /// Only the two filter lines and api_url are needed here, and the samples use plain <c>key = value</c> lines,
    /// so a line scan is enough (the real INI reader is tested with the configuration work).
    /// </summary>
    private static (NotificationFilter Filter, Uri ApiUrl) ReadSampleConfiguration(string fileName)
    {
        var values = File.ReadAllLines(TestData.Config(fileName))
            .Where(line => line.Length > 0 && line[0] is not '#' and not ';' && line.Contains('='))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());
        var filter = NotificationFilter.Create(
            new FilterSettings(values["publisher_id"], values["event_type"], null, null, null),
            TimeSpan.FromSeconds(1));
        return (filter, new Uri(values["api_url"]));
    }
}
