using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2hr3.Bootstrap;

/// <summary>
/// A role as <c>GET /v1/role/&lt;role&gt;?expand=false</c> returns it. Each host is one string
/// <c>"&lt;ip&gt; &lt;port|*&gt; &lt;cuk&gt; &lt;extra&gt; &lt;tag&gt; …"</c>; empty fields leave double blanks and K2HR3
/// drops an <c>extra</c> it does not know, so only the first field (the address) has a fixed position.
/// </summary>
public sealed record K2hr3Role(IReadOnlyList<string> Policies, IReadOnlyList<string> Aliases, IReadOnlyList<string> HostNames, IReadOnlyList<string> Ips)
{
    public static K2hr3Role FromJson(JsonNode? role)
    {
        var hosts = role?["hosts"];
        return new K2hr3Role(Strings(role?["policies"]), Strings(role?["aliases"]), Strings(hosts?["hostnames"]), Strings(hosts?["ips"]));
    }

    /// <summary>
    /// No policy, alias or host. The real API answers <c>GET /v1/role/&lt;name&gt;</c> for a role that was never created
    /// with 200 and exactly this, so an empty role may not exist (docs/k2hr3.md §5).
    /// </summary>
    public bool IsEmpty => Policies.Count == 0 && Aliases.Count == 0 && HostNames.Count == 0 && Ips.Count == 0;

    /// <summary>The addresses of the IP entries whose fields include <paramref name="tag"/>.</summary>
    public IEnumerable<string> AddressesTagged(string tag)
        => Ips.Select(entry => entry.Split(' '))
            .Where(fields => fields.Skip(1).Contains(tag, StringComparer.Ordinal))
            .Select(fields => fields[0]);

    /// <summary>Whether an IP entry is <paramref name="ip"/> with instance id <paramref name="cuk"/>.</summary>
    public bool HasIp(string ip, string cuk)
        => Ips.Select(entry => entry.Split(' '))
            .Any(fields => fields.Length >= 3 && fields[0] == ip && string.Equals(fields[2], cuk, StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<string> Strings(JsonNode? node)
        => node is JsonArray array
            ? array.Where(item => item?.GetValueKind() == JsonValueKind.String).Select(item => item!.GetValue<string>()).ToList()
            : [];
}
