namespace K2hr3.AppHost.App;

/// <summary>k2hr3-app's default image: the Helm chart's known-good tag; <c>eng/build-images.sh</c> builds <c>localhost/k2hr3/k2hr3-app</c>.</summary>
internal static class K2hr3AppContainerImageTags
{
    public const string Image = "antpickax/k2hr3-app";

    public const string Tag = "1.0.41";

    /// <summary>The image's name for <c>eng/build-images.sh --only</c>.</summary>
    public const string BuildName = "k2hr3-app";
}
