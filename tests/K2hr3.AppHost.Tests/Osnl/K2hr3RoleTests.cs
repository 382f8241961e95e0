namespace K2hr3.Tests.Osnl;

/// <summary>Reading <c>GET /v1/role/&lt;role&gt;?expand=false</c> the way upstream formats hosts (role.ts / k2hr3dkc.ts).</summary>
public class K2hr3RoleTests
{
    // "<ip> <port|*> <cuk> <extra> <tag> ...": an empty cuk leaves a double blank, an unknown extra is dropped.
    private static readonly K2hr3Role Role = K2hr3Role.FromJson(JsonNode.Parse("""
        {"policies": [], "aliases": [], "hosts": {"hostnames": [], "ips": [
          "172.17.0.1 *  k2hr3-osnl",
          "10.0.0.5 * 6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f openstack-auto-v1",
          "10.0.0.6 8080 other-cuk openstack-auto-v1 web"
        ]}}
        """));

    [Fact]
    public void TheListenerIsFoundByItsTagWhateverAddressTheApiSaw()
        => Assert.Equal(["172.17.0.1"], Role.AddressesTagged("k2hr3-osnl"));

    [Fact]
    public void AHostIsMatchedByAddressAndInstanceId()
    {
        Assert.True(Role.HasIp("10.0.0.5", "6F1C2B7E-1D2A-4C3B-9E8F-0A1B2C3D4E5F"));
        Assert.False(Role.HasIp("10.0.0.5", "other-cuk"));
        Assert.False(Role.HasIp("10.0.0.7", "6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f"));
    }

    [Fact]
    public void ARoleWithoutHostsHasNone()
        => Assert.Empty(K2hr3Role.FromJson(JsonNode.Parse("""{"policies": []}""")).Ips);
}
