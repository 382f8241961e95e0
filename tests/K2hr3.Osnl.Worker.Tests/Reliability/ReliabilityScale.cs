namespace K2hr3.Tests.Reliability;

/// <summary>
/// Message counts of the reliability tests. <c>K2HR3_RELIABILITY_SCALE</c> (a factor, default 1 = the counts the issue
/// specifies) lets a slow machine run fewer or a soak run more; each test passes a floor below which its property would
/// no longer be shown, so a tiny factor cannot make a test vacuous. Time-based parts (the 30 s API outage) never scale.
/// </summary>
internal static class ReliabilityScale
{
    public const string VariableName = "K2HR3_RELIABILITY_SCALE";

    public static double Factor { get; } = Read();

    /// <summary><paramref name="specified"/> × <see cref="Factor"/>, at least <paramref name="floor"/>.</summary>
    public static int Messages(int specified, int floor) => Math.Max(floor, (int)Math.Round(specified * Factor));

    private static double Read()
    {
        var text = Environment.GetEnvironmentVariable(VariableName);
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 && double.IsFinite(factor)
            ? factor
            : throw new InvalidOperationException($"{VariableName}={text}: expected a positive number such as 0.5");
    }
}
