namespace K2hr3.Tests.Notifications;

public class TargetExtractorTests
{
    private static (TargetExtraction Extraction, JsonDocument Document) Extract(string payload)
    {
        var document = JsonDocument.Parse(payload);
        return (TargetExtractor.Extract(document.RootElement), document);
    }

    private static string[] RawIps(TargetExtraction extraction)
    {
        var ips = new List<string>();
        foreach (var ip in extraction.Ips)
        {
            ips.Add(ip.GetRawText());
        }

        return [.. ips];
    }

    [Fact]
    public void NeutronPortGivesDeviceIdAndFixedIpsInOrder()
    {
        var (extraction, document) = Extract("""
            {"port": {"device_id": "dev", "fixed_ips": [{"ip_address": "172.16.0.1"}, {"ip_address": "2001:db8::6"}]}, "port_id": "p"}
            """);
        using (document)
        {
            Assert.Equal(ExtractionStatus.Found, extraction.Status);
            Assert.Equal("dev", extraction.Cuk.GetString());
            Assert.Equal(2, extraction.IpCount);
            Assert.Equal(["\"172.16.0.1\"", "\"2001:db8::6\""], RawIps(extraction));
            Assert.Equal(ExtractionWarnings.None, extraction.Warnings);
            Assert.Null(extraction.ShapeError);
        }
    }

    [Fact]
    public void NovaVersionedUuidAndUnversionedInstanceIdHaveNoIps()
    {
        var (versioned, d1) = Extract("""{"nova_object.data": {"uuid": "v"}, "nova_object.name": "InstanceActionPayload"}""");
        var (unversioned, d2) = Extract("""{"instance_id": "i", "host": "node1"}""");
        using (d1)
        using (d2)
        {
            Assert.Equal("v", versioned.Cuk.GetString());
            Assert.Equal("i", unversioned.Cuk.GetString());
            Assert.Equal(ExtractionWarnings.IpsEmpty, versioned.Warnings);
            Assert.Equal(ExtractionWarnings.IpsEmpty, unversioned.Warnings);
            Assert.Empty(RawIps(versioned));
            Assert.Equal(0, unversioned.IpCount);
        }
    }

    [Theory]
    [InlineData("""{"port": {"device_id": "d"}, "nova_object.data": {"uuid": "u"}, "instance_id": "i"}""", "\"i\"")]
    [InlineData("""{"instance_id": "i", "nova_object.data": {"uuid": "u"}, "port": {"device_id": "d"}}""", "\"i\"")]
    [InlineData("""{"port": {"device_id": "d"}, "nova_object.data": {"uuid": "u"}}""", "\"u\"")]
    [InlineData("""{"port": {"device_id": "d"}, "nova_object.data": {"uuid": ""}}""", "\"d\"")]
    [InlineData("""{"port": {"device_id": "d"}, "instance_id": ""}""", "\"d\"")]
    [InlineData("""{"port": {"device_id": "d"}, "instance_id": 0}""", "\"d\"")]
    [InlineData("""{"port": {"device_id": 7}}""", "7")]                 // any truthy JSON value is kept for validation
    [InlineData("""{"instance_id": {"a": 1}}""", "{\"a\": 1}")]
    [InlineData("""{"instance_id": [0]}""", "[0]")]
    [InlineData("""{"instance_id": true}""", "true")]
    [InlineData("""{"instance_id": -1.5}""", "-1.5")]
    [InlineData("""{"instance_id": 1e400}""", "1e400")]                 // inf in Python: truthy
    [InlineData("""{"instance_id": "i", "instance_id": "last"}""", "\"last\"")]
    public void PrecedenceIsInstanceIdThenNovaUuidThenDeviceId(string payload, string expectedCuk)
    {
        var (extraction, document) = Extract(payload);
        using (document)
        {
            Assert.Equal(ExtractionStatus.Found, extraction.Status);
            Assert.Equal(expectedCuk, extraction.Cuk.GetRawText());
        }
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("-0.0e5")]
    [InlineData("1e-400")] // underflows to 0.0 in Python
    [InlineData("false")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{ }")]
    public void FalsyValuesAreNoCuk(string value)
    {
        var (extraction, document) = Extract($$$"""{"instance_id": {{{value}}}, "nova_object.data": {"uuid": {{{value}}}}}""");
        using (document)
        {
            Assert.Equal(ExtractionStatus.NoCuk, extraction.Status);
            Assert.Equal(JsonValueKind.Undefined, extraction.Cuk.ValueKind);
            Assert.Equal(ExtractionWarnings.ComputeUuidEmpty | ExtractionWarnings.IpsEmpty, extraction.Warnings);
        }
    }

    [Fact]
    public void EmptyPayloadHasNoCuk()
    {
        var (extraction, document) = Extract("{}");
        using (document)
        {
            Assert.Equal(ExtractionStatus.NoCuk, extraction.Status);
            Assert.Equal(ExtractionWarnings.IpsEmpty, extraction.Warnings);
        }
    }

    [Fact]
    public void UnboundPortHasIpsButNoCuk()
    {
        var (extraction, document) = Extract("""{"port": {"device_id": "", "fixed_ips": [{"ip_address": "10.0.0.1"}]}}""");
        using (document)
        {
            Assert.Equal(ExtractionStatus.NoCuk, extraction.Status);
            Assert.Equal(ExtractionWarnings.NeutronNoDeviceId, extraction.Warnings);
            Assert.Equal(1, extraction.IpCount);
        }
    }

    [Fact]
    public void IpsSkipMissingAndFalsyAddressesAndKeepDuplicatesAndOrder()
    {
        var (extraction, document) = Extract("""
            {"port": {"device_id": "d", "fixed_ips": [
              {"ip_address": "10.0.0.2"}, {"subnet_id": "s"}, {"ip_address": ""}, {"ip_address": null}, {},
              {"ip_address": "10.0.0.1"}, {"ip_address": "10.0.0.2"}, {"ip_address": 5}, {"ip_address": "bogus"}]}}
            """);
        using (document)
        {
            Assert.Equal(["\"10.0.0.2\"", "\"10.0.0.1\"", "\"10.0.0.2\"", "5", "\"bogus\""], RawIps(extraction));
            Assert.Equal(5, extraction.IpCount);
            Assert.Equal(ExtractionWarnings.None, extraction.Warnings);
        }
    }

    [Fact]
    public void IpsNeverComeFromNovaIpAddresses()
    {
        var (extraction, document) = Extract("""{"nova_object.data": {"uuid": "u", "ip_addresses": [{"address": "10.0.0.1"}]}}""");
        using (document)
        {
            Assert.Equal(0, extraction.IpCount);
            Assert.Equal(ExtractionWarnings.IpsEmpty, extraction.Warnings);
        }
    }

    [Theory]
    [InlineData("""{"port": {"fixed_ips": [{"ip_address": "1.2.3.4"}]}}""", ExtractionWarnings.NeutronNoDeviceId)]
    [InlineData("""{"port": {"device_id": "d"}}""", ExtractionWarnings.NeutronNoFixedIps | ExtractionWarnings.IpsEmpty)]
    [InlineData("""{"port": {"device_id": "d", "fixed_ips": []}}""", ExtractionWarnings.NeutronNoFixedIps | ExtractionWarnings.IpsEmpty)]
    [InlineData("""{"port": {"device_id": "d", "fixed_ips": [{"ip_address": ""}]}}""", ExtractionWarnings.NeutronIpsEmpty | ExtractionWarnings.IpsEmpty)]
    [InlineData("""{"port": {"device_id": "d"}, "nova_object.data": {"uuid": null}}""", ExtractionWarnings.NeutronNoFixedIps | ExtractionWarnings.ComputeUuidEmpty | ExtractionWarnings.IpsEmpty)]
    [InlineData("""{"port": {}, "instance_id": "i"}""", ExtractionWarnings.IpsEmpty)] // a falsy port is skipped silently
    [InlineData("""{"port": "", "instance_id": "i"}""", ExtractionWarnings.IpsEmpty)]
    [InlineData("""{"port": 0, "instance_id": "i"}""", ExtractionWarnings.IpsEmpty)]
    [InlineData("""{"nova_object.data": {}, "instance_id": "i"}""", ExtractionWarnings.IpsEmpty)]
    public void WarningsAreTheOnesUpstreamLogs(string payload, ExtractionWarnings expected)
    {
        var (extraction, document) = Extract(payload);
        using (document)
        {
            Assert.Equal(expected, extraction.Warnings);
        }
    }

    [Fact]
    public void WarningMessagesAreUpstreamTextsInUpstreamOrder()
    {
        var (extraction, document) = Extract("""{"port": {"device_id": ""}, "nova_object.data": {"uuid": ""}}""");
        using (document)
        {
            Assert.Equal(
                ["expected neutron but no device_id.", "expected neutron but no fixed_ips.", "expected compute but uuid is empty", "ips is empty"],
                extraction.WarningMessages());
        }
    }

    [Theory]
    [InlineData("null", "payload is null")]
    [InlineData("[]", "payload is a list")]
    [InlineData("[{\"instance_id\": \"i\"}]", "payload is a list")]
    [InlineData("\"port\"", "payload is a string")]
    [InlineData("5", "payload is a number")]
    [InlineData("""{"port": "p"}""", "payload.port is a string")]
    [InlineData("""{"port": [1]}""", "payload.port is a list")]
    [InlineData("""{"port": 1}""", "payload.port is a number")]
    [InlineData("""{"port": true}""", "payload.port is a boolean")]
    [InlineData("""{"port": {"device_id": "d", "fixed_ips": {"ip_address": "1.2.3.4"}}}""", "payload.port.fixed_ips is an object")]
    [InlineData("""{"port": {"device_id": "d", "fixed_ips": "1.2.3.4"}}""", "payload.port.fixed_ips is a string")]
    [InlineData("""{"port": {"device_id": "d", "fixed_ips": 3}}""", "payload.port.fixed_ips is a number")]
    [InlineData("""{"port": {"device_id": "d", "fixed_ips": true}}""", "payload.port.fixed_ips is a boolean")]
    [InlineData("""{"port": {"device_id": "d", "fixed_ips": [{"ip_address": "1.2.3.4"}, "1.2.3.5"]}}""", "payload.port.fixed_ips[1] is a string")]
    [InlineData("""{"port": {"device_id": "d", "fixed_ips": [null]}}""", "payload.port.fixed_ips[0] is null")]
    [InlineData("""{"port": {"device_id": "d", "fixed_ips": [[]]}}""", "payload.port.fixed_ips[0] is a list")]
    [InlineData("""{"nova_object.data": "x", "instance_id": "i"}""", "payload[\"nova_object.data\"] is a string")]
    [InlineData("""{"nova_object.data": [1], "instance_id": "i"}""", "payload[\"nova_object.data\"] is a list")]
    public void WrongShapesFailWhereUpstreamRaises(string payload, string error)
    {
        var (extraction, document) = Extract(payload);
        using (document)
        {
            Assert.Equal(ExtractionStatus.BadShape, extraction.Status);
            Assert.StartsWith(error, extraction.ShapeError, StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Undefined, extraction.Cuk.ValueKind);
            Assert.Empty(RawIps(extraction));
        }
    }

    [Fact]
    public void MissingPayloadIsAWrongShape()
    {
        Assert.Equal(ExtractionStatus.BadShape, TargetExtractor.Extract(default).Status);
    }

    [Fact]
    public void WarningsLoggedBeforeAShapeFailureAreKept()
    {
        var (extraction, document) = Extract("""{"port": {"fixed_ips": ["x"]}}""");
        using (document)
        {
            Assert.Equal(ExtractionStatus.BadShape, extraction.Status);
            Assert.Equal(ExtractionWarnings.NeutronNoDeviceId, extraction.Warnings);
        }
    }
}
