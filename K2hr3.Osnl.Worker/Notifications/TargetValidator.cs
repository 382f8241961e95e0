using System.Text.Json;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>A <see cref="DeleteTarget"/>, or why the extracted values cannot be sent (with the offending value).</summary>
public readonly record struct TargetValidation(DeleteTarget? Target, string? Error)
{
    public bool IsValid => Target is not null;
}

/// <summary>
/// Upstream's user-agent checks before any request (osnl-compatibility.md §8.2, §8.3), in its order: the cuk must be a JSON string
/// that Python's <c>uuid.UUID</c> accepts (kept verbatim, §9 #24), then every IP a JSON string valid for
/// <c>inet_pton</c>. One bad value fails the whole message (no partial call). Such a payload names no deletable VM
/// (e.g. a DHCP port): it is acked with one log line (upstream acks too, or hot-loops with <c>requeue_on_error</c>).
/// </summary>
public static class TargetValidator
{
    private const int MaxShownChars = 120;

    /// <exception cref="ArgumentException"><paramref name="extraction"/> did not find a cuk.</exception>
    public static TargetValidation Validate(in TargetExtraction extraction)
    {
        if (extraction.Status != ExtractionStatus.Found)
        {
            throw new ArgumentException($"no cuk to validate ({extraction.Status})", nameof(extraction));
        }

        var cuk = JsonValues.TryGetString(extraction.Cuk);
        if (cuk is null)
        {
            return Invalid($"cuk must be a JSON string, not {JsonValues.Describe(extraction.Cuk, MaxShownChars)}");
        }

        if (!PythonUuid.IsValid(cuk))
        {
            return Invalid($"cuk '{Shown(cuk)}' is not a valid UUID");
        }

        if (extraction.IpCount == 0)
        {
            return new TargetValidation(new DeleteTarget(cuk, []), null);
        }

        var ips = new string[extraction.IpCount];
        var count = 0;
        foreach (var value in extraction.Ips)
        {
            var ip = JsonValues.TryGetString(value);
            if (ip is null)
            {
                return Invalid($"ip must be a JSON string, not {JsonValues.Describe(value, MaxShownChars)}");
            }

            if (!InetPton.IsValid(ip))
            {
                return Invalid($"ip '{Shown(ip)}' is neither an IPv4 nor an IPv6 address (inet_pton)");
            }

            ips[count++] = ip;
        }

        return new TargetValidation(new DeleteTarget(cuk, ips), null);
    }

    private static TargetValidation Invalid(string error) => new(null, error);

    private static string Shown(string value) => value.Length <= MaxShownChars ? value : string.Concat(value.AsSpan(0, MaxShownChars), "...");
}
