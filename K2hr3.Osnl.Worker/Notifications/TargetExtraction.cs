using System.Text.Json;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>How <see cref="TargetExtractor"/> ended.</summary>
public enum ExtractionStatus
{
    /// <summary>A cuk was found (its type and form are checked later by <see cref="TargetValidator"/>).</summary>
    Found,

    /// <summary>No truthy cuk anywhere: upstream logs <c>cuk is empty</c> and acks.</summary>
    NoCuk,

    /// <summary>The payload has the wrong shape (payload/port/nova_object.data/fixed_ips element not an object, ...): ack and log.</summary>
    BadShape,
}

/// <summary>The warnings upstream logs while extracting, in the order it logs them (flag order).</summary>
[Flags]
public enum ExtractionWarnings
{
    None = 0,

    /// <summary><c>expected neutron but no device_id.</c></summary>
    NeutronNoDeviceId = 1,

    /// <summary><c>expected neutron but ips is empty.</c></summary>
    NeutronIpsEmpty = 2,

    /// <summary><c>expected neutron but no fixed_ips.</c></summary>
    NeutronNoFixedIps = 4,

    /// <summary><c>expected compute but uuid is empty</c></summary>
    ComputeUuidEmpty = 8,

    /// <summary><c>ips is empty</c></summary>
    IpsEmpty = 16,
}

/// <summary>
/// What the payload names for deletion, as raw JSON values (validated later): the cuk and the
/// <c>port.fixed_ips[*].ip_address</c> values, enumerated lazily from the payload so no list is built per message.
/// Valid only while the <see cref="Notification"/> it came from is not disposed.
/// </summary>
public readonly struct TargetExtraction
{
    public ExtractionStatus Status { get; internal init; }

    /// <summary>The winning cuk value (any JSON type), Undefined unless <see cref="ExtractionStatus.Found"/>.</summary>
    public JsonElement Cuk { get; internal init; }

    /// <summary>Number of truthy <c>ip_address</c> values; 0 means no <c>host</c> parameter.</summary>
    public int IpCount { get; internal init; }

    public ExtractionWarnings Warnings { get; internal init; }

    /// <summary>For <see cref="ExtractionStatus.BadShape"/>: what was wrong, e.g. <c>payload.port is a string, not an object</c>.</summary>
    public string? ShapeError { get; internal init; }

    /// <summary><c>payload.port.fixed_ips</c> when it holds a truthy <c>ip_address</c>, else Undefined.</summary>
    internal JsonElement FixedIps { get; init; }

    /// <summary>The truthy <c>ip_address</c> values in payload order, duplicates kept (any JSON type).</summary>
    public IpEnumerable Ips => new(FixedIps);

    /// <summary>Upstream's log text for each warning raised, in upstream's order.</summary>
    public IEnumerable<string> WarningMessages()
    {
        foreach (var (flag, text) in WarningTexts)
        {
            if ((Warnings & flag) != 0)
            {
                yield return text;
            }
        }
    }

    private static readonly (ExtractionWarnings Flag, string Text)[] WarningTexts =
    [
        (ExtractionWarnings.NeutronNoDeviceId, "expected neutron but no device_id."),
        (ExtractionWarnings.NeutronIpsEmpty, "expected neutron but ips is empty."),
        (ExtractionWarnings.NeutronNoFixedIps, "expected neutron but no fixed_ips."),
        (ExtractionWarnings.ComputeUuidEmpty, "expected compute but uuid is empty"),
        (ExtractionWarnings.IpsEmpty, "ips is empty"),
    ];

    /// <summary>Allocation-free <c>foreach</c> over the IP values.</summary>
    public readonly struct IpEnumerable(JsonElement fixedIps)
    {
        public IpEnumerator GetEnumerator() => new(fixedIps);
    }

    public struct IpEnumerator
    {
        private JsonElement.ArrayEnumerator _entries;
        private readonly bool _any;

        internal IpEnumerator(JsonElement fixedIps)
        {
            _any = fixedIps.ValueKind == JsonValueKind.Array;
            _entries = _any ? fixedIps.EnumerateArray() : default;
            Current = default;
        }

        public JsonElement Current { get; private set; }

        public bool MoveNext()
        {
            while (_any && _entries.MoveNext())
            {
                // The extractor already checked every entry is an object.
                if (_entries.Current.TryGetProperty("ip_address"u8, out var ip) && JsonValues.IsTruthy(ip))
                {
                    Current = ip;
                    return true;
                }
            }

            return false;
        }
    }
}
