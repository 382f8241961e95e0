using static K2hr3.Tests.Notifications.DecodeHelpers;

namespace K2hr3.Tests.Notifications;

public class NotificationFilterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Certain to cut the hostile pattern below (hours of backtracking on 41 characters), and far above what the plain
    /// checks before it take even on a loaded machine (1 ms was not: a first match can take longer).
    /// </summary>
    private static readonly TimeSpan HostileMatchTimeout = TimeSpan.FromMilliseconds(200);

    // Catastrophic backtracking: on this input the pattern runs far past HostileMatchTimeout.
    private const string HostilePattern = "(?P<x>(a+)+)(?P=x)$";
    private static readonly string HostileInput = new string('a', 40) + "!";

    private static NotificationFilter Filter(
        string? publisherId = null,
        string? eventType = null,
        Dictionary<string, string>? context = null,
        Dictionary<string, string>? metadata = null,
        Dictionary<string, string>? payload = null,
        TimeSpan? timeout = null) =>
        NotificationFilter.Create(new FilterSettings(publisherId, eventType, context, metadata, payload), timeout ?? Timeout);

    private static FilterResult Match(NotificationFilter filter, string rawMessage)
    {
        using var notification = Decoded(DecodeV2(rawMessage));
        return filter.Match(notification);
    }

    private static Notification NeutronSample() =>
        Decoded(NotificationDecoder.Decode(OsloEnvelope.V2(OsloEnvelope.LoadSample(TestData.Notification("notifications_neutron.json"))), "application/json"));

    [Fact]
    public void WithoutOptionsEverythingMatches()
    {
        var filter = Filter(context: [], metadata: [], payload: []);

        Assert.True(filter.IsEmpty);
        Assert.Equal(FilterResult.Matched, Match(filter, """{"priority": "INFO"}"""));
    }

    [Theory]
    [InlineData("port\\.delete", "\"port.delete.end\"", true)]      // re.match is anchored at the start only
    [InlineData("delete\\.end", "\"port.delete.end\"", false)]      // ... and is not re.search
    [InlineData("^port\\.delete\\.end$", "\"port.delete.end\"", true)]
    [InlineData("^port\\.delete\\.end$", "\"port.delete.end\\n\"", true)] // $ before a final newline
    [InlineData("^port\\.delete\\.end$", "\"port.delete.endx\"", false)]
    [InlineData("port\\.delete\\.end", "\"port.del\\u0065te.end\"", true)] // JSON escapes decode first
    [InlineData("", "\"\"", true)]
    [InlineData("", "\"anything\"", true)]
    [InlineData("", "null", false)]     // only str can match, even the empty pattern
    [InlineData("1", "1", false)]       // a number rendered as text is not a string
    [InlineData("1", "\"1\"", true)]
    [InlineData("true", "true", false)]
    [InlineData(".*", "[\"a\"]", false)]
    [InlineData(".*", "{\"a\": \"b\"}", false)]
    public void EventTypeMustBeAJsonStringMatchingAtTheStart(string pattern, string value, bool matches)
    {
        var result = Match(Filter(eventType: pattern), $$"""{"priority": "INFO", "event_type": {{value}}}""");

        Assert.Equal(matches ? FilterResult.Matched : new FilterResult(FilterOutcome.NotMatched, "event_type"), result);
    }

    [Fact]
    public void MissingScalarNeverMatchesAConfiguredPattern()
    {
        Assert.Equal(new FilterResult(FilterOutcome.NotMatched, "publisher_id"), Match(Filter(publisherId: ""), """{"priority": "INFO"}"""));
    }

    [Fact]
    public void LongValuesMatchToo()
    {
        var value = "network." + new string('x', 5000);

        Assert.True(Match(Filter(publisherId: "^network\\.x+$"), $$"""{"publisher_id": "{{value}}"}""").IsMatch);
    }

    [Fact]
    public void ChecksRunInOsloOrderAndStopAtTheFirstMismatch()
    {
        // event_type would time out, but publisher_id already fails: it is never evaluated.
        var filter = Filter(publisherId: "^network", eventType: HostilePattern, timeout: HostileMatchTimeout);

        var result = Match(filter, $$"""{"publisher_id": "compute.x", "event_type": "{{HostileInput}}"}""");

        Assert.Equal(new FilterResult(FilterOutcome.NotMatched, "publisher_id"), result);
    }

    [Fact]
    public void AMatchTimeoutIsReportedAsTimedOutWithTheCheck()
    {
        var filter = Filter(publisherId: "^network", eventType: HostilePattern, timeout: HostileMatchTimeout);

        var result = Match(filter, $$"""{"publisher_id": "network.x", "event_type": "{{HostileInput}}"}""");

        Assert.Equal(new FilterResult(FilterOutcome.TimedOut, "event_type"), result);
        Assert.False(result.IsMatch);
    }

    [Fact]
    public void AMatchTimeoutInADictCheckNamesTheKey()
    {
        var filter = Filter(context: new() { ["user"] = "(?P<x>(a+)+)(?P=x)$" }, timeout: HostileMatchTimeout);

        var result = Match(filter, $$"""{"_context_user": "{{new string('a', 40)}}!"}""");

        Assert.Equal(new FilterResult(FilterOutcome.TimedOut, "context", "user"), result);
    }

    [Fact]
    public void UpstreamNeutronSamplePassesItsDefaultFilter()
    {
        using var notification = NeutronSample();

        Assert.Equal(FilterResult.Matched, Filter(publisherId: "^network.*$", eventType: "^port\\.delete\\.end$").Match(notification));
    }

    [Theory]
    [InlineData("project_name", "^admin$", true)]
    [InlineData("project_name", "adm", true)]
    [InlineData("project_name", "dmin", false)]
    [InlineData("is_admin", ".*", false)]       // a bool never matches
    [InlineData("roles", ".*", false)]          // a list never matches
    [InlineData("domain", ".*", false)]         // null never matches
    [InlineData("client_timeout", ".*", false)] // always null
    [InlineData("missing_key", ".*", false)]
    [InlineData("_context_project_name", ".*", false)] // the prefix is gone
    public void ContextCheckNeedsAStringValueAtTheTopLevel(string key, string pattern, bool matches)
    {
        using var notification = NeutronSample();

        var result = Filter(context: new() { [key] = pattern }).Match(notification);

        Assert.Equal(matches ? FilterResult.Matched : new FilterResult(FilterOutcome.NotMatched, "context", key), result);
    }

    [Fact]
    public void AllKeysOfADictCheckMustMatch()
    {
        using var notification = NeutronSample();

        Assert.True(Filter(context: new() { ["project_name"] = "admin", ["user_name"] = "admin" }).Match(notification).IsMatch);
        Assert.Equal(
            new FilterResult(FilterOutcome.NotMatched, "context", "user_name"),
            Filter(context: new() { ["project_name"] = "admin", ["user_name"] = "nobody" }).Match(notification));
    }

    [Theory]
    [InlineData("message_id", "^msgid", true)]
    [InlineData("timestamp", "2018-10-26", true)]
    [InlineData("timestamp", "2019", false)]
    [InlineData("publisher_id", ".*", false)] // metadata holds only message_id and timestamp
    public void MetadataCheckSeesMessageIdAndTimestamp(string key, string pattern, bool matches)
    {
        using var notification = NeutronSample();

        Assert.Equal(matches, Filter(metadata: new() { [key] = pattern }).Match(notification).IsMatch);
    }

    [Theory]
    [InlineData("port_id", "^portid", true)]
    [InlineData("port", ".*", false)]            // an object never matches (filters every neutron port message out)
    [InlineData("port.device_id", ".*", false)]  // no nested keys
    [InlineData("device_id", ".*", false)]
    public void PayloadCheckLooksAtTopLevelStringValues(string key, string pattern, bool matches)
    {
        using var notification = NeutronSample();

        Assert.Equal(matches, Filter(payload: new() { [key] = pattern }).Match(notification).IsMatch);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[\"port_id\"]")]
    [InlineData("\"port_id\"")]
    [InlineData("5")]
    [InlineData("true")]
    public void NonObjectPayloadFailsAPayloadCheckInsteadOfRaising(string payload)
    {
        var result = Match(Filter(payload: new() { ["port_id"] = ".*" }), $$"""{"priority": "INFO", "payload": {{payload}}}""");

        Assert.Equal(new FilterResult(FilterOutcome.NotMatched, "payload", "port_id"), result);
    }

    [Fact]
    public void MissingPayloadFailsAPayloadCheckAndPassesWithoutOne()
    {
        Assert.False(Match(Filter(payload: new() { ["a"] = "" }), """{"priority": "INFO"}""").IsMatch);
        Assert.True(Match(Filter(payload: []), """{"priority": "INFO", "payload": 5}""").IsMatch);
    }

    [Fact]
    public void WorksOnHandBuiltNotifications()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"e": "port.delete.end", "user": "admin"}""");
        var notification = new Notification
        {
            EventType = document.RootElement.GetProperty("e"),
            Priority = "info",
            Context = new Dictionary<string, System.Text.Json.JsonElement> { ["user"] = document.RootElement.GetProperty("user") },
            Metadata = new Dictionary<string, System.Text.Json.JsonElement>(),
        };

        Assert.True(Filter(eventType: "port", context: new() { ["user"] = "adm" }).Match(notification).IsMatch);
        Assert.False(Filter(metadata: new() { ["message_id"] = "" }).Match(notification).IsMatch);
    }

    [Fact]
    public void InvalidPatternFailsAtCreationNamingOptionAndKey()
    {
        var scalar = Assert.Throws<OsnlConfigurationException>(() => Filter(eventType: "(unclosed"));
        var dict = Assert.Throws<OsnlConfigurationException>(() =>
            NotificationFilter.Create(new FilterSettings(null, null, null, null, new Dictionary<string, string> { ["port_id"] = "[" }), Timeout, "Osnl:Sources:nova:"));

        Assert.Equal("[oslo_messaging_notifications] event_type", scalar.Option);
        Assert.Equal("(unclosed", scalar.Value);
        Assert.Equal("Osnl:Sources:nova:payload (key 'port_id')", dict.Option);
        Assert.Equal("[", dict.Value);
    }
}
