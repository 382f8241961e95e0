namespace K2hr3.Tests.Notifications;

internal static class DecodeHelpers
{
    /// <summary>Decodes a v1 message or any body given as text.</summary>
    public static DecodeResult DecodeText(string body, string? contentType = NotificationDecoder.JsonContentType) =>
        NotificationDecoder.Decode(Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>Decodes <paramref name="rawMessage"/> wrapped in oslo's v2 envelope.</summary>
    public static DecodeResult DecodeV2(string rawMessage) => DecodeText(Support.OsloEnvelope.WrapV2(rawMessage));

    public static Notification Decoded(DecodeResult result)
    {
        Assert.True(result.Status == DecodeStatus.Decoded, $"expected Decoded, got {result.Status}: {result.Error}");
        Assert.Null(result.Error);
        return result.Notification!;
    }

    public static string Malformed(DecodeResult result)
    {
        Assert.True(result.Status == DecodeStatus.Malformed, "expected Malformed, got Decoded");
        Assert.Null(result.Notification);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        return result.Error!;
    }
}
