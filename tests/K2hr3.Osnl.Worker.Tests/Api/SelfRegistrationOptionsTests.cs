namespace K2hr3.Tests.Api;

/// <summary>The listener's own registration request (k2hr3.md §2: a VM's role-token registration).</summary>
public class SelfRegistrationOptionsTests
{
    private static readonly ApiSettings Api = new() { ApiUrl = new Uri("http://127.0.0.1:18080/v1/role") };

    [Fact]
    public void WithoutATokenThereIsNoRegistration()
        => Assert.Null(SelfRegistrationOptions.FromConfiguration(Configuration(), Api));

    [Fact]
    public void TheRequestNamesTheRoleBelowTheApiRoleUrlAndNoHost()
    {
        // No host parameter: the API records the address it sees the request come from.
        var options = SelfRegistrationOptions.FromConfiguration(Configuration(("K2hr3:Api:RegistrationToken", "r-token")), Api)!;

        Assert.Equal(new Uri("http://127.0.0.1:18080/v1/role/delhostrole?port=0&tag=k2hr3-osnl"), options.RequestUri);
        Assert.Equal("r-token", options.Token);
    }

    [Fact]
    public void AHierarchicalRoleKeepsItsSlashes()
    {
        var options = SelfRegistrationOptions.FromConfiguration(
            Configuration(("K2hr3:Api:RegistrationToken", "t"), ("K2hr3:Api:RegistrationRole", "admin/delete hosts"), ("K2hr3:Api:RegistrationTag", "osnl-2")),
            Api)!;

        Assert.Equal("http://127.0.0.1:18080/v1/role/admin/delete%20hosts?port=0&tag=osnl-2", options.RequestUri.AbsoluteUri);
    }

    [Fact]
    public void ThePrintedFormNeverContainsTheToken()
    {
        var options = SelfRegistrationOptions.FromConfiguration(Configuration(("K2hr3:Api:RegistrationToken", "very-secret-role-token")), Api)!;
        Assert.DoesNotContain("very-secret-role-token", options.ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
