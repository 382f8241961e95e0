namespace K2hr3.AppHost.Hosting;

/// <summary>
/// Default images: the tags the upstream Helm chart pins as known-good (k2hr3_helm_chart templates/_helpers.tpl).
/// The k2hdkc image carries chmpx too (package dependency), so one container runs a whole data node.
/// </summary>
public static class K2hr3ContainerImageTags
{
    public const string Registry = "docker.io";

    public const string K2hdkcImage = "antpickax/k2hdkc";

    public const string K2hdkcTag = "1.0.17";

    public const string ApiImage = "antpickax/k2hr3-api";

    public const string ApiTag = "1.0.42";

    public const string AppImage = "antpickax/k2hr3-app";

    public const string AppTag = "1.0.41";
}
