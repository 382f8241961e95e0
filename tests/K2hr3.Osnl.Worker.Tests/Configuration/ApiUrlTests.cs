using K2hr3.Osnl.Worker.Configuration.Validation;

namespace K2hr3.Tests.Configuration;

/// <summary>api_url is validated once with a URI parser, without DNS (osnl-compatibility.md §8.1, §9 #5 #6).</summary>
public class ApiUrlTests
{
    [Theory]
    [InlineData("https://localhost/v1/role")]
    [InlineData("http://my-api.localhost:18080/v1/role")] // upstream's regex stopped at '-'
    [InlineData("http://k2hr3-api.example.com/v1/role")]
    [InlineData("http://[::1]:18080/v1/role")]
    [InlineData("http://user@host/v1/role")]
    [InlineData("http://unresolvable.invalid/v1/role")] // no DNS at validation
    [InlineData("http://api/v1/role?foo=bar")]
    [InlineData("HTTP://API/v1/role")]
    [InlineData("http://api")]
    public void UsableUrlsAreAccepted(string value)
    {
        Assert.NotNull(ApiUrl.Validate(value, out var reason));
        Assert.Empty(reason);
    }

    [Theory]
    [InlineData("https//localhost/v1/role", "not an absolute URL")] // upstream's broken default
    [InlineData("", "not an absolute URL")]
    [InlineData("/v1/role", "the scheme must be http or https, not file")]
    [InlineData("localhost:18080/v1/role", "the scheme must be http or https, not localhost")]
    [InlineData("ftp://api/v1/role", "the scheme must be http or https, not ftp")]
    [InlineData("http://api/v1/role#frag", "the URL must not have a fragment (#...)")]
    [InlineData("http:///v1/role", "not an absolute URL")]
    public void UnusableUrlsAreRejectedWithAReason(string value, string expected)
    {
        Assert.Null(ApiUrl.Validate(value, out var reason));
        Assert.Equal(expected, reason);
    }

    [Theory]
    [InlineData("http://h:1", "http://h:1/v1/role")]
    [InlineData("http://h:1/", "http://h:1/v1/role")]
    [InlineData("http://h:1/base/", "http://h:1/base/v1/role")]
    public void ABaseUrlGetsTheRolePath(string value, string expected) => Assert.Equal(expected, ApiUrl.FromBaseUrl(value));

    [Fact]
    public void UnparsableTextIsLeftForValidationToReport() => Assert.Equal("not a url", ApiUrl.FromConfiguredUrl("not a url"));
}
