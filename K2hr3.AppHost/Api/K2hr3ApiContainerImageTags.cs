namespace K2hr3.AppHost.Api;

/// <summary>k2hr3-api's default image: the Helm chart's known-good tag; <c>eng/build-images.sh</c> builds <c>localhost/k2hr3/k2hr3-api</c>.</summary>
internal static class K2hr3ApiContainerImageTags
{
    public const string Image = "antpickax/k2hr3-api";

    public const string Tag = "1.0.42";

    /// <summary>The image's name for <c>eng/build-images.sh --only</c>.</summary>
    public const string BuildName = "k2hr3-api";
}
