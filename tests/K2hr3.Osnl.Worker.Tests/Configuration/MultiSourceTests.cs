namespace K2hr3.Tests.Configuration;

/// <summary><c>Osnl:Sources:&lt;name&gt;:*</c>: several notification streams in one worker.</summary>
public class MultiSourceTests
{
    [Fact]
    public void ConfiguredSourcesReplaceTheFilesSourceAndOmittedOptionsTakeCodeDefaults()
    {
        using var harness = new SettingsHarness
        {
            Ini = "[oslo_messaging_notifications]\nexchange = fromfile\ntopic = fromfile\npool = fromfile\nevent_type = ^file$\n",
            Configuration =
            {
                ["Osnl:Sources:neutron:exchange"] = "neutron",
                ["Osnl:Sources:nova:exchange"] = "nova",
                ["Osnl:Sources:nova:topic"] = "versioned_notifications",
                ["Osnl:Sources:nova:pool"] = "k2hr3_nova",
                ["Osnl:Sources:nova:event_type"] = @"^instance\.delete\.end$",
                ["Osnl:Sources:nova:publisher_id"] = "^nova-compute:.*$",
                ["Osnl:Sources:nova:payload:nova_object.data"] = ".+",
                ["Osnl:Sources:nova:allow_requeue"] = "false",
            },
        };
        var sources = harness.Load().Sources;

        Assert.Equal(["neutron", "nova"], sources.Select(source => source.Name).Order());
        var neutron = sources.Single(source => source.Name == "neutron");
        Assert.Equal(("neutron", "notifications", "k2hr3_osnl", true), (neutron.Exchange, neutron.Topic, neutron.Pool, neutron.AllowRequeue));
        Assert.Equal(@"^port\.delete\.end$", neutron.Filter.EventType);

        var nova = sources.Single(source => source.Name == "nova");
        Assert.Equal(("nova", "versioned_notifications", "k2hr3_nova", false), (nova.Exchange, nova.Topic, nova.Pool, nova.AllowRequeue));
        Assert.Equal("^nova-compute:.*$", nova.Filter.PublisherId);
        Assert.Equal(new Dictionary<string, string> { ["nova_object.data"] = ".+" }, nova.Filter.Payload);
    }

    [Fact]
    public void TwoSourcesCannotConsumeTheSameQueue()
    {
        using var harness = new SettingsHarness
        {
            Configuration = { ["Osnl:Sources:a:exchange"] = "neutron", ["Osnl:Sources:b:exchange"] = "nova" },
        };
        var error = harness.LoadFails();
        Assert.Equal(("Osnl:Sources:b:pool", "k2hr3_osnl"), (error.Option, error.Value));
        Assert.Equal("queue k2hr3_osnl is already consumed by source a", error.Reason);
    }

    [Fact]
    public void TheFilesEmptyTopicFailsEvenWhenConfiguredSourcesReplaceIt()
    {
        using var harness = new SettingsHarness
        {
            Ini = "[oslo_messaging_notifications]\ntopic =\n",
            Configuration = { ["Osnl:Sources:nova:exchange"] = "nova" },
        };
        var error = harness.LoadFails();
        Assert.Equal(("[oslo_messaging_notifications] topic", "", "must not be empty"), (error.Option, error.Value, error.Reason));
    }

    [Fact]
    public void AnInvalidSourceValueNamesTheSourceKey()
    {
        using var harness = new SettingsHarness { Configuration = { ["Osnl:Sources:nova:context"] = "novalue" } };
        var error = harness.LoadFails();
        Assert.Equal(("Osnl:Sources:nova:context", "novalue"), (error.Option, error.Value));
    }

    [Fact]
    public void AnUnknownSourceOptionIsAWarning()
    {
        using var harness = new SettingsHarness { Configuration = { ["Osnl:Sources:nova:evnet_type"] = "x" } };
        Assert.Contains("Osnl:Sources:nova:evnet_type is not a known source option; ignored", harness.Load().Warnings);
    }

    [Fact]
    public void TheFileSourceIsStillValidated()
    {
        using var harness = new SettingsHarness
        {
            Ini = "[oslo_messaging_notifications]\nallow_requeue = perhaps\n",
            Configuration = { ["Osnl:Sources:nova:exchange"] = "nova" },
        };
        Assert.Equal("[oslo_messaging_notifications] allow_requeue", harness.LoadFails().Option);
    }
}
