namespace K2hr3.Tests.Compat;

/// <summary>IntOpt, BoolOpt, choices and DictOpt conversions (osnl-compatibility.md §3.5, §3.6).</summary>
public class OsloTypesTests
{
    [Theory]
    [InlineData("30", 30)]
    [InlineData("  7 ", 7)]
    [InlineData("+7", 7)]
    [InlineData("-3", -3)]
    [InlineData("08", 8)]
    [InlineData("1_000", 1000)]
    [InlineData("\u0663", 3)] // ARABIC-INDIC DIGIT THREE: Python int() accepts Unicode decimal digits
    [InlineData("2147483647", int.MaxValue)]
    public void IntegersFollowPythonInt(string text, int expected) => Assert.Equal(expected, OsloTypes.ParseInteger(text));

    [Theory]
    [InlineData("1.5")]
    [InlineData("0x10")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+")]
    [InlineData("5 ; c")]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("1e3")]
    [InlineData("+-1")]
    public void NonIntegersAreRejectedWithPythonsMessage(string text)
    {
        var error = Assert.Throws<OptionValueException>(() => OsloTypes.ParseInteger(text));
        Assert.Equal($"invalid literal for int() with base 10: {PythonText.Repr(text)}", error.Message);
    }

    [Fact]
    public void IntegersBeyondInt32AreRejected()
        => Assert.Contains("out of range", Assert.Throws<OptionValueException>(() => OsloTypes.ParseInteger("2147483648")).Message);

    [Theory]
    [InlineData("", null)]
    [InlineData("  \t", null)]
    [InlineData("-3", "-3")]
    [InlineData(" +0012 ", "12")]
    [InlineData("99999999999999999999", "99999999999999999999")]
    public void IntOptReadsBlankAsNoneAndAnySizedInteger(string text, string? expected)
        => Assert.Equal(expected, OsloTypes.ParseIntegerOrNone(text)?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("Yes", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    [InlineData("OFF", false)]
    [InlineData("no", false)]
    public void BooleansAcceptOsloSpellingsCaseInsensitively(string text, bool expected)
        => Assert.Equal(expected, OsloTypes.ParseBoolean(text));

    [Theory]
    [InlineData("maybe")]
    [InlineData("")]
    [InlineData(" yes")]
    [InlineData("y")]
    [InlineData("2")]
    public void OtherBooleansAreRejected(string text)
        => Assert.Equal($"Unexpected boolean value {PythonText.Repr(text)}",
            Assert.Throws<OptionValueException>(() => OsloTypes.ParseBoolean(text)).Message);

    [Fact]
    public void ChoicesAreCaseSensitiveWithOslosMessage()
    {
        Assert.Equal("info", OsloTypes.ParseChoice("info", ["debug", "info"]));
        Assert.Equal("Valid values are [debug, info], but found 'INFO'",
            Assert.Throws<OptionValueException>(() => OsloTypes.ParseChoice("INFO", ["debug", "info"])).Message);
    }

    public static TheoryData<string, Dictionary<string, string>> Dictionaries => new()
    {
        { "", new() },
        { "   ", new() },
        { "a:1", new() { ["a"] = "1" } },
        { " a : 1 , b:2 ", new() { ["a"] = "1", ["b"] = "2" } },
        { "x:y:z", new() { ["x"] = "y:z" } },
        { "a:", new() { ["a"] = "" } },
        { "a:1,,b:2", new() { ["a"] = "1", [",b"] = "2" } },
        { "k:a,b:c", new() { ["k"] = "a", ["b"] = "c" } },
        { "{a:1}", new() { ["{a"] = "1}" } },
        { "k:'q'", new() { ["k"] = "'q'" } },
        { "tenant_id:^abc$,is_admin:.*", new() { ["tenant_id"] = "^abc$", ["is_admin"] = ".*" } },
        { "a,b:1", new() { ["a,b"] = "1" } },
    };

    [Theory]
    [MemberData(nameof(Dictionaries))]
    public void DictionariesFollowOsloIncludingTheCommaGlueRetry(string text, Dictionary<string, string> expected)
        => Assert.Equal(expected, OsloTypes.ParseDictionary(text));

    [Theory]
    [InlineData("roles:(admin,member)", "Value should be NAME:VALUE pairs separated by \",\"")]
    [InlineData("novalue", "Value should be NAME:VALUE pairs separated by \",\"")]
    [InlineData("a:1,b", "Value should be NAME:VALUE pairs separated by \",\"")]
    [InlineData(":1", "Key name should not be empty")]
    [InlineData("a:1, :2", "Key name should not be empty")]
    [InlineData("a:1,a:2", "Duplicate key a")]
    [InlineData("a:1, a :2", "Duplicate key a")]
    public void InvalidDictionariesAreRejectedWithOslosMessage(string text, string reason)
        => Assert.Equal(reason, Assert.Throws<OptionValueException>(() => OsloTypes.ParseDictionary(text)).Message);

    [Theory]
    [InlineData("warning", "'warning'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("a\nb", "'a\\nb'")]
    [InlineData("back\\slash", "'back\\\\slash'")]
    [InlineData("both'\"", "'both\\'\"'")]
    [InlineData("bell\u0007", "'bell\\x07'")]
    [InlineData("caf\u00e9", "'caf\u00e9'")]
    public void ReprMatchesPython(string text, string expected) => Assert.Equal(expected, PythonText.Repr(text));
}
