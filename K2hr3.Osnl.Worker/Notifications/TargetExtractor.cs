using System.Text.Json;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// k2hr3_osnl's <c>_payload_to_params</c> (osnl-compatibility.md §7), with Python truthiness and the same precedence (the last
/// assignment wins): <c>payload.instance_id</c> &gt; <c>payload["nova_object.data"].uuid</c> &gt; <c>payload.port.device_id</c>.
/// IPs only ever come from <c>port.fixed_ips[*].ip_address</c>. Where upstream raises (<c>.get</c> on a non-dict,
/// iterating a non-list), the result is <see cref="ExtractionStatus.BadShape"/> with the warnings logged so far.
/// </summary>
public static class TargetExtractor
{
    public static TargetExtraction Extract(JsonElement payload)
    {
        var warnings = ExtractionWarnings.None;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            // payload.get(...) on None, a list, a str, a number: AttributeError upstream.
            return NotAnObject("payload", payload, warnings);
        }

        JsonElement cuk = default;
        JsonElement fixedIps = default;
        var ipCount = 0;

        if (TryGetTruthy(payload, "port"u8, out var port))
        {
            if (port.ValueKind != JsonValueKind.Object)
            {
                return NotAnObject("payload.port", port, warnings);
            }

            TakeCuk(port, "device_id"u8, ExtractionWarnings.NeutronNoDeviceId, ref cuk, ref warnings);
            if (TryGetTruthy(port, "fixed_ips"u8, out var ips))
            {
                // Iterating a truthy non-list yields no dicts (str/dict keys) or raises (numbers, true): always a failure.
                if (ips.ValueKind != JsonValueKind.Array)
                {
                    return Shape($"payload.port.fixed_ips is {Describe(ips)}, not a list", warnings);
                }

                var index = 0;
                foreach (var entry in ips.EnumerateArray())
                {
                    if (entry.ValueKind != JsonValueKind.Object)
                    {
                        return NotAnObject($"payload.port.fixed_ips[{index}]", entry, warnings);
                    }

                    if (TryGetTruthy(entry, "ip_address"u8, out _))
                    {
                        ipCount++;
                    }

                    index++;
                }

                if (ipCount > 0)
                {
                    fixedIps = ips;
                }
                else
                {
                    warnings |= ExtractionWarnings.NeutronIpsEmpty;
                }
            }
            else
            {
                warnings |= ExtractionWarnings.NeutronNoFixedIps;
            }
        }

        if (TryGetTruthy(payload, "nova_object.data"u8, out var novaData))
        {
            if (novaData.ValueKind != JsonValueKind.Object)
            {
                return NotAnObject("payload[\"nova_object.data\"]", novaData, warnings);
            }

            TakeCuk(novaData, "uuid"u8, ExtractionWarnings.ComputeUuidEmpty, ref cuk, ref warnings);
        }

        if (TryGetTruthy(payload, "instance_id"u8, out var instanceId))
        {
            cuk = instanceId;
        }

        if (ipCount == 0)
        {
            warnings |= ExtractionWarnings.IpsEmpty;
        }

        // Only truthy values are ever assigned, so "cuk is None" upstream means "nothing assigned" here.
        return new TargetExtraction
        {
            Status = cuk.ValueKind == JsonValueKind.Undefined ? ExtractionStatus.NoCuk : ExtractionStatus.Found,
            Cuk = cuk,
            FixedIps = fixedIps,
            IpCount = ipCount,
            Warnings = warnings,
        };
    }

    /// <summary>Python's <c>if dict.get(key):</c> — present and truthy.</summary>
    private static bool TryGetTruthy(JsonElement dict, ReadOnlySpan<byte> key, out JsonElement value) =>
        dict.TryGetProperty(key, out value) && JsonValues.IsTruthy(value);

    /// <summary>Upstream's <c>cuk = section.get(key)</c> when truthy, else its warning (the earlier cuk stays).</summary>
    private static void TakeCuk(JsonElement section, ReadOnlySpan<byte> key, ExtractionWarnings whenMissing, ref JsonElement cuk, ref ExtractionWarnings warnings)
    {
        if (TryGetTruthy(section, key, out var value))
        {
            cuk = value;
        }
        else
        {
            warnings |= whenMissing;
        }
    }

    private static TargetExtraction NotAnObject(string path, JsonElement value, ExtractionWarnings warnings) =>
        Shape($"{path} is {Describe(value)}, not an object", warnings);

    private static TargetExtraction Shape(string error, ExtractionWarnings warnings) =>
        new() { Status = ExtractionStatus.BadShape, Warnings = warnings, ShapeError = error };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => "missing",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "an object",
    };
}
