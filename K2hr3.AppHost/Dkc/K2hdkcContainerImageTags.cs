namespace K2hr3.AppHost.Dkc;

/// <summary>
/// The data node's default image: the tag the upstream Helm chart pins as known-good (k2hr3_helm_chart
/// templates/_helpers.tpl). It carries chmpx too (package dependency), so one container runs a whole data node.
/// <c>eng/build-images.sh</c> builds the same layout from source as <c>localhost/k2hr3/k2hdkc</c>.
/// </summary>
internal static class K2hdkcContainerImageTags
{
    /// <summary>The registry of every upstream K2HR3 image (<c>K2hr3:Images:Registry</c>).</summary>
    public const string Registry = "docker.io";

    public const string Image = "antpickax/k2hdkc";

    public const string Tag = "1.0.17";

    /// <summary>The image's name for <c>eng/build-images.sh --only</c>.</summary>
    public const string BuildName = "k2hdkc";
}
