namespace K2hr3.Tests.Notifications;

public class InetPtonTests
{
    /// <summary>Expected values printed by CPython 3.11.7 on Debian 12 (glibc): <c>socket.inet_pton</c> for AF_INET or AF_INET6.</summary>
    [Theory]
    [InlineData("172.16.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("1.2.3.0", true)]
    [InlineData("256.0.0.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("172.016.0.1", false)]
    [InlineData("01.2.3.4", false)]
    [InlineData("1.2.3.04", false)]
    [InlineData(" 1.2.3.4", false)]
    [InlineData("1.2.3.4 ", false)]
    [InlineData("1.2.3.4.", false)]
    [InlineData("1..2.3", false)]
    [InlineData("1.2.3.-1", false)]
    [InlineData("0x7f.0.0.1", false)]
    [InlineData("1", false)]
    [InlineData("", false)]
    [InlineData("::", true)]
    [InlineData("::1", true)]
    [InlineData("2001:db8::6", true)]
    [InlineData("2001:DB8::6", true)]
    [InlineData("2001:db8:0:0:0:0:0:6", true)]
    [InlineData("2001:db8:0:0:0:0:0:0:6", false)]
    [InlineData("1:2:3:4:5:6:7:8", true)]
    [InlineData("1:2:3:4:5:6:7::", true)]
    [InlineData("::2:3:4:5:6:7:8", true)]
    [InlineData("1::2:3:4:5:6:7:8", false)]
    [InlineData("1:2:3:4:5:6:7:8::", false)]
    [InlineData(":1:2:3:4:5:6:7:8", false)]
    [InlineData("1:2:3:4:5:6:7:8:", false)]
    [InlineData("1:2:3:4:5:6:7", false)]
    [InlineData("::ffff:1.2.3.4", true)]
    [InlineData("::1.2.3.4", true)]
    [InlineData("1:2:3:4:5:6:1.2.3.4", true)]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4", false)]
    [InlineData("::ffff:1.2.3", false)]
    [InlineData("::ffff:1.2.3.4.5", false)]
    [InlineData("::ffff:01.2.3.4", false)]
    [InlineData("1.2.3.4::", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("[::1]", false)]
    [InlineData("::1 ", false)]
    [InlineData("12345::", false)]
    [InlineData("1:::2", false)]
    [InlineData("1::2::3", false)]
    [InlineData("00000::1", false)]
    [InlineData("0000::1", true)]
    [InlineData("fe80::", true)]
    [InlineData("::ffff:1.2.3.4:5", false)]
    [InlineData("1:2:3:4:5:6:7:8:9", false)]
    [InlineData("a:b:c:d:e:f:0:1", true)]
    [InlineData("g::1", false)]
    [InlineData("::1.2.3.256", false)]
    [InlineData("1::1.2.3.4", true)]
    [InlineData("::ffff:1a.2.3.4", false)]
    [InlineData(":", false)]
    [InlineData("::0:1.2.3.4", true)]
    [InlineData("1:2:3:4:5::1.2.3.4", true)]
    [InlineData("1:2:3:4:5:6::1.2.3.4", false)]
    [InlineData(null, false)]
    public void AcceptsWhatGlibcInetPtonAccepts(string? text, bool expected)
    {
        Assert.Equal(expected, InetPton.IsValid(text));
    }

    [Theory]
    [InlineData("1.2.3.4", true, false)]
    [InlineData("::1", false, true)]
    [InlineData("::1.2.3.4", false, true)]
    public void FamiliesAreCheckedSeparately(string text, bool v4, bool v6)
    {
        Assert.Equal(v4, InetPton.IsValidIPv4(text));
        Assert.Equal(v6, InetPton.IsValidIPv6(text));
    }

    /// <summary>Why the check is hand-written: IPAddress.TryParse accepts all of these, inet_pton none.</summary>
    [Theory]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("172.016.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    public void IsStricterThanIPAddressTryParse(string text)
    {
        Assert.True(IPAddress.TryParse(text, out _));
        Assert.False(InetPton.IsValid(text));
    }
}
