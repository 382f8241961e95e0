namespace K2hr3.Tests.Compat;

public class TransportUrlRedactorTests
{
    [Theory]
    [InlineData("rabbit://guest:guest@127.0.0.1:5672/", "rabbit://guest:***@127.0.0.1:5672/")]
    [InlineData("rabbit://u:p1@h1:5672,u:p2@h2/vh?ssl=1", "rabbit://u:***@h1:5672,u:***@h2/vh?ssl=1")]
    [InlineData("amqp://guest:s3cr%21t@localhost:40123", "amqp://guest:***@localhost:40123")]
    [InlineData("rabbit://u:pa@ss@h/", "rabbit://u:***@h/")]
    [InlineData("rabbit://h:5672/", "rabbit://h:5672/")]
    [InlineData("rabbit://admin@h/", "rabbit://admin@h/")]
    [InlineData("not a url", "not a url")]
    public void PasswordsAreMasked(string url, string expected) => Assert.Equal(expected, TransportUrlRedactor.Redact(url));

    [Theory]
    [InlineData("rabbit://u:pa/ss@h/", "rabbit://***@h/")]
    [InlineData("rabbit://u:pa?ss@h/", "rabbit://***@h/")]
    [InlineData("rabbit://u:pa#ss@h/", "rabbit://***@h/")]
    [InlineData("rabbit://u:pa,ss@h/", "rabbit://***@h/")]
    [InlineData("u:password@h", "***@h")]
    public void AmbiguousUrlsHideEverythingBeforeTheLastAt(string url, string expected)
        => Assert.Equal(expected, TransportUrlRedactor.Redact(url));
}
