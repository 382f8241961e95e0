namespace K2hr3.Tests.Notifications;

public class PythonUuidTests
{
    /// <summary>Expected values printed by CPython 3.11.7 (<c>uuid.UUID(text)</c> raises or not).</summary>
    [Theory]
    [InlineData("12345678-1234-5678-1234-567812345678", true)]
    [InlineData("12345678123456781234567812345678", true)]
    [InlineData("{12345678-1234-5678-1234-567812345678}", true)]
    [InlineData("urn:uuid:12345678-1234-5678-1234-567812345678", true)]
    [InlineData("uuid:12345678-1234-5678-1234-567812345678", true)]
    [InlineData("URN:UUID:12345678-1234-5678-1234-567812345678", false)]
    [InlineData("ABCDEF01-ABCD-ABCD-ABCD-ABCDEF012345", true)]
    [InlineData("abcdef01-abcd-abcd-abcd-abcdef012345", true)]
    [InlineData("1-2-3-4-5-6-7-8-1234567812345678123456781234", false)]
    [InlineData("{{12345678123456781234567812345678}}", true)]
    [InlineData("}12345678123456781234567812345678{", true)]
    [InlineData("{12345678123456781234567812345678", true)]
    [InlineData("{12345678-1234-5678-1234-567812345678}}}", true)]
    [InlineData("----12345678123456781234567812345678----", true)]
    [InlineData("1234urn:5678123456781234567812345678", true)]
    [InlineData("uurn:uid:12345678123456781234567812345678", true)]
    [InlineData("12345678-1234-5678-1234-56781234567", false)]
    [InlineData("12345678-1234-5678-1234-5678123456789", false)]
    [InlineData(" 12345678-1234-5678-1234-567812345678", false)]
    [InlineData("12345678-1234-5678-1234-567812345678 ", false)]
    [InlineData("12345678-1234-5678-1234-567812345678\n", false)]
    [InlineData("deviceid-ffff-ffff-ffff-ffffffffffff", false)]
    [InlineData("12345678-1234-5678-1234-56781234567g", false)]
    [InlineData("", false)]
    [InlineData("-", false)]
    [InlineData(null, false)]
    public void AcceptsWhatPythonUuidAccepts(string? text, bool expected)
    {
        Assert.Equal(expected, PythonUuid.IsValid(text));
    }

    /// <summary>
    /// CPython accepts these (its final <c>int(hex, 16)</c> tolerates whitespace, sign, <c>0x</c>, <c>_</c> and non-ASCII
    /// digits while the length is still 32); they are not instance ids, so we deliberately reject them.
    /// </summary>
    [Theory]
    [InlineData(" 1234567812345678123456781234567")]
    [InlineData("0x345678123456781234567812345678")]
    [InlineData("+1234567812345678123456781234567")]
    [InlineData("1_345678123456781234567812345678")]
    [InlineData("1234567812345678123456781234567\uff18")]
    public void PythonIntQuirksAreDeliberatelyRejected(string text)
    {
        Assert.False(PythonUuid.IsValid(text));
    }
}
