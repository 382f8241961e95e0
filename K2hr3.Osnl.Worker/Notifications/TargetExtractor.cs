using System.Text.Json;
using K2hr3.Compat;

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
            return Shape($"payload is {Describe(payload)}, not an object", warnings);
        }

        JsonElement cuk = default;
        JsonElement fixedIps = default;
        var ipCount = 0;

        if (Get(payload, "port"u8) is var port && JsonValues.IsTruthy(port))
        {
            if (port.ValueKind != JsonValueKind.Object)
            {
                return Shape($"payload.port is {Describe(port)}, not an object", warnings);
            }

            if (Get(port, "device_id"u8) is var deviceId && JsonValues.IsTruthy(deviceId))
            {
                cuk = deviceId;
            }
            else
            {
                warnings |= ExtractionWarnings.NeutronNoDeviceId;
            }

            if (Get(port, "fixed_ips"u8) is var ips && JsonValues.IsTruthy(ips))
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
                        return Shape($"payload.port.fixed_ips[{index}] is {Describe(entry)}, not an object", warnings);
                    }

                    if (Get(entry, "ip_address"u8) is var ip && JsonValues.IsTruthy(ip))
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

        if (Get(payload, "nova_object.data"u8) is var novaData && JsonValues.IsTruthy(novaData))
        {
            if (novaData.ValueKind != JsonValueKind.Object)
            {
                return Shape($"payload[\"nova_object.data\"] is {Describe(novaData)}, not an object", warnings);
            }

            if (Get(novaData, "uuid"u8) is var uuid && JsonValues.IsTruthy(uuid))
            {
                cuk = uuid;
            }
            else
            {
                warnings |= ExtractionWarnings.ComputeUuidEmpty;
            }
        }

        if (Get(payload, "instance_id"u8) is var instanceId && JsonValues.IsTruthy(instanceId))
        {
            cuk = instanceId;
        }

        if (ipCount == 0)
        {
            warnings |= ExtractionWarnings.IpsEmpty;
        }

        // Only truthy values are ever assigned, so "cuk is None" upstream means "nothing assigned" here.
        var status = cuk.ValueKind == JsonValueKind.Undefined ? ExtractionStatus.NoCuk : ExtractionStatus.Found;
        return new TargetExtraction(status, cuk, fixedIps, ipCount, warnings, shapeError: null);
    }

    private static JsonElement Get(JsonElement dict, ReadOnlySpan<byte> key) =>
        dict.TryGetProperty(key, out var value) ? value : default;

    private static TargetExtraction Shape(string error, ExtractionWarnings warnings) =>
        new(ExtractionStatus.BadShape, default, default, 0, warnings, error);

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
