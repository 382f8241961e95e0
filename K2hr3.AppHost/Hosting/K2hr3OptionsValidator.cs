using System.Text.RegularExpressions;

namespace K2hr3.AppHost.Hosting;

/// <summary>
/// Checks <see cref="K2hr3Options"/> before the model is built. Hand-written rather than DataAnnotations because the
/// rules span fields (port ranges against node counts, cert/key pairs) and must name the configuration key.
/// </summary>
internal static partial class K2hr3OptionsValidator
{
    /// <summary>chmpx stores ports in a signed short: 38020 fails with "Could not listen port" (k2hr3.md §5).</summary>
    public const int MaxChmpxPort = 32767;

    /// <summary>Upper bound on data nodes: the ini's MAXCHMPX (32) counts servers and slaves.</summary>
    public const int MaxNodes = 16;

    private static readonly string[] DebugLevels = ["silent", "err", "wan", "info", "dump"];

    private static readonly string[] ApiDebugLevels = ["silent", "err", "wan", "msg", "dbg"];

    /// <summary>Returns one message per problem, each naming the configuration key; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(K2hr3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var dkc = options.Dkc;

        if (options.Upstream.Prefix is { Length: > 0 } prefix && !Directory.Exists(prefix))
        {
            errors.Add($"K2hr3:Upstream:Prefix = '{prefix}': no such folder — build it with `bash eng/build-upstream.sh`, which prints the prefix.");
        }

        if (dkc.Nodes is < 1 or > MaxNodes)
        {
            errors.Add($"K2hr3:Dkc:Nodes = {dkc.Nodes}: must be between 1 and {MaxNodes}.");
        }

        var lastServerPort = dkc.BasePort + (2 * Math.Max(dkc.Nodes, 1)) - 1;
        if (dkc.BasePort < 1 || lastServerPort > MaxChmpxPort)
        {
            errors.Add($"K2hr3:Dkc:BasePort = {dkc.BasePort}: node ports {dkc.BasePort}..{lastServerPort} must lie in 1..{MaxChmpxPort} (chmpx cannot listen above {MaxChmpxPort}).");
        }

        if (dkc.SlaveControlPort is < 1 or > MaxChmpxPort)
        {
            errors.Add($"K2hr3:Dkc:SlaveControlPort = {dkc.SlaveControlPort}: must lie in 1..{MaxChmpxPort} (chmpx cannot listen above {MaxChmpxPort}).");
        }
        else if (dkc.SlaveControlPort >= dkc.BasePort && dkc.SlaveControlPort <= lastServerPort)
        {
            errors.Add($"K2hr3:Dkc:SlaveControlPort = {dkc.SlaveControlPort}: collides with the server node ports {dkc.BasePort}..{lastServerPort}.");
        }

        if (!GroupPattern().IsMatch(dkc.Group ?? string.Empty))
        {
            errors.Add($"K2hr3:Dkc:Group = '{dkc.Group}': use letters, digits and '_' only (it names shared-memory files).");
        }

        if (!DebugLevels.Contains(dkc.DebugLevel ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"K2hr3:Dkc:DebugLevel = '{dkc.DebugLevel}': use one of {string.Join(", ", DebugLevels)}.");
        }

        if (!ApiDebugLevels.Contains(options.Api.DebugLevel ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"K2hr3:Api:DebugLevel = '{options.Api.DebugLevel}': use one of {string.Join(", ", ApiDebugLevels)}.");
        }

        CheckHttpPort(errors, "K2hr3:Api:Port", options.Api.Port);
        CheckHttpPort(errors, "K2hr3:App:Port", options.App.Port);
        if (options.Api.Port == options.App.Port)
        {
            errors.Add($"K2hr3:App:Port = {options.App.Port}: the API already listens there.");
        }

        if (options.Api.PublicUrl is { } publicUrl
            && (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"K2hr3:Api:PublicUrl = '{publicUrl}': must be an absolute http(s) URL.");
        }

        var tls = options.Tls;
        if (string.IsNullOrEmpty(tls.CertFile) != string.IsNullOrEmpty(tls.KeyFile))
        {
            errors.Add("K2hr3:Tls:CertFile and K2hr3:Tls:KeyFile: set both or neither.");
        }
        else if (!string.IsNullOrEmpty(tls.CertFile) && string.IsNullOrEmpty(tls.CaFile))
        {
            // k2hr3-api reads privatekey, cert AND ca with readFileSync when https; a missing ca crashes it.
            errors.Add("K2hr3:Tls:CaFile: required with K2hr3:Tls:CertFile (k2hr3-api needs a CA file for https).");
        }

        return errors;
    }

    /// <summary>Throws one exception listing every problem.</summary>
    public static void ThrowIfInvalid(K2hr3Options options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid K2HR3 AppHost configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }

    private static void CheckHttpPort(List<string> errors, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add($"{key} = {port}: must lie in 1..65535.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex GroupPattern();
}
