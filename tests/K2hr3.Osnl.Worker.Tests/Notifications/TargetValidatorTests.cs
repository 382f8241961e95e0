namespace K2hr3.Tests.Notifications;

public class TargetValidatorTests
{
    private static TargetValidation Validate(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var extraction = TargetExtractor.Extract(document.RootElement);
        Assert.Equal(ExtractionStatus.Found, extraction.Status);
        return TargetValidator.Validate(extraction);
    }

    [Theory]
    [InlineData("12345678-1234-5678-1234-567812345678")]
    [InlineData("{12345678-1234-5678-1234-567812345678}")]
    [InlineData("ABCDEF01ABCDABCDABCDABCDEF012345")]
    [InlineData("urn:uuid:12345678-1234-5678-1234-567812345678")]
    public void ValidCukIsKeptVerbatim(string cuk)
    {
        var validation = Validate($$"""{"instance_id": "{{cuk}}"}""");

        Assert.True(validation.IsValid);
        Assert.Null(validation.Error);
        Assert.Equal(new DeleteTarget(cuk, []).Cuk, validation.Target!.Cuk);
        Assert.Empty(validation.Target.Ips);
    }

    [Fact]
    public void IpsAreKeptVerbatimInOrder()
    {
        var validation = Validate("""
            {"port": {"device_id": "12345678-1234-5678-1234-567812345678",
                      "fixed_ips": [{"ip_address": "2001:DB8::6"}, {"ip_address": "172.16.0.1"}, {"ip_address": "2001:DB8::6"}]}}
            """);

        Assert.Equal(["2001:DB8::6", "172.16.0.1", "2001:DB8::6"], validation.Target!.Ips);
    }

    [Theory]
    [InlineData("""{"instance_id": 12345678}""", "cuk must be a JSON string, not 12345678")]
    [InlineData("""{"instance_id": true}""", "cuk must be a JSON string, not true")]
    [InlineData("""{"instance_id": ["12345678-1234-5678-1234-567812345678"]}""", "cuk must be a JSON string, not [\"12345678-1234-5678-1234-567812345678\"]")]
    [InlineData("""{"instance_id": "deviceid-ffff-ffff-ffff-ffffffffffff"}""", "cuk 'deviceid-ffff-ffff-ffff-ffffffffffff' is not a valid UUID")]
    [InlineData("""{"instance_id": " 12345678-1234-5678-1234-567812345678"}""", "cuk ' 12345678-1234-5678-1234-567812345678' is not a valid UUID")]
    [InlineData("""{"port": {"device_id": "12345678-1234-5678-1234-567812345678", "fixed_ips": [{"ip_address": "1.2.3.4"}, {"ip_address": 5}]}}""", "ip must be a JSON string, not 5")]
    [InlineData("""{"port": {"device_id": "12345678-1234-5678-1234-567812345678", "fixed_ips": [{"ip_address": "1.2.3.4"}, {"ip_address": "172.016.0.1"}]}}""", "ip '172.016.0.1' is neither an IPv4 nor an IPv6 address")]
    [InlineData("""{"port": {"device_id": "12345678-1234-5678-1234-567812345678", "fixed_ips": [{"ip_address": "fe80::1%eth0"}]}}""", "ip 'fe80::1%eth0' is neither")]
    [InlineData("""{"port": {"device_id": "bad", "fixed_ips": [{"ip_address": "bad"}]}}""", "cuk 'bad' is not a valid UUID")] // cuk is checked first
    public void InvalidValuesFailTheWholeMessageNamingTheValue(string payload, string error)
    {
        var validation = Validate(payload);

        Assert.False(validation.IsValid);
        Assert.Null(validation.Target);
        Assert.StartsWith(error, validation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeValuesAreCutInTheReason()
    {
        var validation = Validate($$"""{"instance_id": "{{new string('x', 10_000)}}"}""");

        Assert.True(validation.Error!.Length < 200, validation.Error);
    }

    [Fact]
    public void ValidatingWithoutACukIsAProgrammingError()
    {
        using var document = JsonDocument.Parse("{}");
        var extraction = TargetExtractor.Extract(document.RootElement);

        Assert.Throws<ArgumentException>(() => TargetValidator.Validate(extraction));
    }
}
