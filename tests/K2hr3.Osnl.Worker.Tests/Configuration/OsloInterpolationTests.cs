namespace K2hr3.Tests.Configuration;

/// <summary>oslo.config's <c>$</c> interpolation (osnl-compatibility.md §3.2, §9 #18).</summary>
public class OsloInterpolationTests
{
    private static string Substitute(string value)
        => OsloInterpolation.Substitute(value, name => $"<{name}>");

    [Theory]
    [InlineData(@"^port\.delete\.end$", @"^port\.delete\.end$")]
    [InlineData("(a$|b)", "(a$|b)")]
    [InlineData("$", "$")]
    [InlineData("a$ b", "a$ b")]
    [InlineData("$1", "$1")]
    [InlineData("${unclosed", "${unclosed")]
    [InlineData("no dollar", "no dollar")]
    public void ALoneDollarIsKept(string value, string expected) => Assert.Equal(expected, Substitute(value));

    [Theory]
    [InlineData("$$", "$")]
    [InlineData("a$$b", "a$b")]
    [InlineData(@"a\$b", "a$b")]
    [InlineData(@"\$topic", "$topic")]
    [InlineData("$$topic", "$topic")]
    public void DoubledOrBackslashedDollarIsALiteralDollar(string value, string expected) => Assert.Equal(expected, Substitute(value));

    [Theory]
    [InlineData("$topic", "<topic>")]
    [InlineData("${topic}", "<topic>")]
    [InlineData("x${topic}y", "x<topic>y")]
    [InlineData("^net$work", "^net<work>")]
    [InlineData("$k2hr3.api_url/x", "<k2hr3.api_url>/x")]
    [InlineData("$Topic", "<Topic>")]
    [InlineData("$_a1", "<_a1>")]
    public void IdentifiersAreReferences(string value, string expected) => Assert.Equal(expected, Substitute(value));

    [Fact]
    public void AReferenceIsReplacedByTheOptionOfTheSameGroup()
    {
        var settings = SettingsHarness.LoadIni("[oslo_messaging_notifications]\ntopic = versioned\npublisher_id = ^$topic:.*$\n");
        Assert.Equal("^versioned:.*$", settings.Sources[0].Filter.PublisherId);
    }

    [Fact]
    public void AReferenceFallsBackToDefaultGroup()
    {
        var settings = SettingsHarness.LoadIni("[DEFAULT]\ndebug_level = debug\n[oslo_messaging_notifications]\nevent_type = ${debug_level}x\n");
        Assert.Equal("debugx", settings.Sources[0].Filter.EventType);
    }

    [Fact]
    public void AGroupQualifiedReferenceReadsThatGroup()
    {
        var settings = SettingsHarness.LoadIni("[k2hr3]\napi_url = http://api.example:8080/v1/role\n[oslo_messaging_notifications]\npool = ${k2hr3.timeout_seconds}-$k2hr3.requeue_on_error\n");
        Assert.Equal("30-False", settings.Sources[0].Pool);
    }

    [Fact]
    public void AReferenceUsesTheReferencedOptionsDefaultAndItsOwnSubstitution()
    {
        var settings = SettingsHarness.LoadIni("[oslo_messaging_notifications]\nexchange = $pool\npool = q-$topic\n");
        Assert.Equal("q-notifications", settings.Sources[0].Exchange);
    }

    [Fact]
    public void ADictionaryValueIsSubstitutedInKeysAndValues()
    {
        var settings = SettingsHarness.LoadIni("[oslo_messaging_notifications]\ntopic = t\npayload = $topic:^$topic$,x:a$$b\n");
        Assert.Equal(new Dictionary<string, string> { ["t"] = "^t$", ["x"] = "a$b" }, settings.Sources[0].Filter.Payload);
    }

    [Fact]
    public void AnUnknownNameIsAConfigurationErrorNamingIt()
    {
        var error = SettingsHarness.LoadIniFails("[oslo_messaging_notifications]\npublisher_id = ^net$work\n");
        Assert.Equal("[oslo_messaging_notifications] publisher_id", error.Option);
        Assert.Equal("^net$work", error.Value);
        Assert.StartsWith("no such option work in group [DEFAULT]", error.Reason);
        Assert.Contains("$$", error.Reason);
    }

    [Fact]
    public void ReferenceNamesAreCaseSensitive()
        => Assert.StartsWith("no such option Topic in group [DEFAULT]",
            SettingsHarness.LoadIniFails("[oslo_messaging_notifications]\npool = $Topic\n").Reason);

    [Fact]
    public void AnUnknownGroupIsAnError()
        => Assert.StartsWith("no such group [nope]",
            SettingsHarness.LoadIniFails("[oslo_messaging_notifications]\npool = $nope.topic\n").Reason);

    [Fact]
    public void AGroupNameAloneCannotBeSubstituted()
        => Assert.StartsWith("substituting group k2hr3 not supported",
            SettingsHarness.LoadIniFails("[oslo_messaging_notifications]\npool = $k2hr3\n").Reason);

    [Fact]
    public void AReferenceLoopIsAnError()
    {
        var error = SettingsHarness.LoadIniFails("[oslo_messaging_notifications]\npool = $exchange\nexchange = $pool\n");
        Assert.Contains("refers back to itself", error.Reason);
    }

    [Fact]
    public void ATransportUrlPasswordWithADollarIsNeverEchoed()
    {
        var error = SettingsHarness.LoadIniFails("[oslo_messaging_notifications]\ntransport_url = rabbit://u:pa$secret@h:5672/\n");
        Assert.DoesNotContain("secret", error.Message);
        Assert.Equal("rabbit://u:***@h:5672/", error.Value);
    }

    [Fact]
    public void EnvironmentValuesAreInterpolatedButDotNetConfigurationValuesAreLiteral()
    {
        using var harness = new SettingsHarness
        {
            Environment = { ["OS_OSLO_MESSAGING_NOTIFICATIONS__POOL"] = "q-$topic" },
            Configuration = { ["Osnl:oslo_messaging_notifications:exchange"] = "ex-$topic" },
        };
        var source = harness.Load().Sources[0];
        Assert.Equal("q-notifications", source.Pool);
        Assert.Equal("ex-$topic", source.Exchange);
    }
}
