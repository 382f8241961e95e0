using System.Globalization;
using K2hr3.Compat;
using K2hr3.Osnl.Worker.Configuration.Providers;
using K2hr3.Osnl.Worker.Configuration.Validation;
using Microsoft.Extensions.Configuration;

namespace K2hr3.Osnl.Worker.Configuration.Options;

/// <summary>
/// Reads typed option values from layered sources (highest precedence wins), applying oslo's interpolation and
/// type rules. Every failure is an <see cref="OsnlConfigurationException"/> naming where the value came from.
/// </summary>
internal sealed class OptionResolver
{
    // .NET configuration's own keys for two options (what Aspire injects), above every Osnl:* key; highest first.
    private static readonly (OsnlOption Option, string Key, Func<string, string>? Transform)[] DedicatedKeys =
    [
        (OsnlOptions.TransportUrl, OsnlConfigurationKeys.RabbitMqConnectionString, null),
        (OsnlOptions.ApiUrl, OsnlConfigurationKeys.ApiUrl, ApiUrl.FromConfiguredUrl),
        (OsnlOptions.ApiUrl, OsnlConfigurationKeys.ApiServiceHttps, ApiUrl.FromBaseUrl),
        (OsnlOptions.ApiUrl, OsnlConfigurationKeys.ApiServiceHttp, ApiUrl.FromBaseUrl),
    ];

    private readonly IConfiguration _configuration;
    private readonly IConfigurationProvider[] _dotNetProviders;
    private readonly OsloConfigurationProvider[] _osloProviders;
    private readonly Func<OsnlOption, string> _sectionOf;
    private readonly Dictionary<OsnlOption, Resolved> _cache = [];
    private readonly HashSet<OsnlOption> _inProgress = [];

    /// <param name="configuration">oslo's providers below .NET configuration's (see <see cref="OsnlSettingsLoader"/>).</param>
    /// <param name="sectionOf">Where .NET configuration holds an option; by default <c>Osnl:&lt;group&gt;</c>.</param>
    /// <param name="withOsloSources">Whether oslo's file and <c>OS_*</c> variables count.</param>
    public OptionResolver(IConfigurationRoot configuration, Func<OsnlOption, string>? sectionOf = null, bool withOsloSources = true)
    {
        _configuration = configuration;
        var highestFirst = configuration.Providers.Reverse().ToList();
        _osloProviders = withOsloSources ? [.. highestFirst.OfType<OsloConfigurationProvider>()] : [];
        _dotNetProviders = [.. highestFirst.Where(provider => provider is not OsloConfigurationProvider)];
        _sectionOf = sectionOf ?? (option => $"{OsnlConfigurationKeys.Osnl}:{option.Group}");
    }

    /// <summary>One <c>Osnl:Sources:&lt;name&gt;</c> entry: its options on the code defaults, not on oslo's sources.</summary>
    public static OptionResolver ForSource(IConfigurationRoot configuration, string name)
        => new(configuration, _ => $"{OsnlConfigurationKeys.Sources}:{name}", withOsloSources: false);

    public string GetString(OsnlOption option) => (string)Resolve(option, OptionKind.String).Value!;

    public int GetInteger(OsnlOption option) => (int)Resolve(option, OptionKind.Integer).Value!;

    public bool GetBoolean(OsnlOption option) => (bool)Resolve(option, OptionKind.Boolean).Value!;

    /// <summary>Null when unset or empty (no filter constraint).</summary>
    public IReadOnlyDictionary<string, string>? GetDictionary(OsnlOption option)
        => Resolve(option, OptionKind.Dictionary).Value is IReadOnlyDictionary<string, string> { Count: > 0 } entries ? entries : null;

    /// <summary>Values accepted as upstream would but replaced by something sensible (lenient integers), one line each.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Where the effective value came from, e.g. <c>[k2hr3] api_url</c>.</summary>
    public RawOptionValue SourceOf(OsnlOption option) => Resolve(option, option.Kind).Raw;

    /// <summary>An error about the effective value of <paramref name="option"/> found after conversion (range, URL, ...).</summary>
    public OsnlConfigurationException Invalid(OsnlOption option, string reason) => Invalid(option, SourceOf(option), reason);

    /// <summary>Every source that set the option under its deprecated name (for warnings), highest first.</summary>
    public IEnumerable<RawOptionValue> DeprecatedKeyUses(OsnlOption option)
        => option.DeprecatedName is { } key ? Sources(option, key).OfType<RawOptionValue>() : [];

    private Resolved Resolve(OsnlOption option, OptionKind expectedKind)
    {
        if (option.Kind != expectedKind)
        {
            throw new InvalidOperationException($"{option} is a {option.Kind} option, not {expectedKind}");
        }

        if (_cache.TryGetValue(option, out var cached))
        {
            return cached;
        }

        var raw = FindRaw(option);
        if (!_inProgress.Add(option))
        {
            throw Invalid(option, raw, "its $-interpolation refers back to itself");
        }

        try
        {
            var resolved = new Resolved(raw, ConvertValue(option, raw));
            _cache[option] = resolved;
            return resolved;
        }
        finally
        {
            _inProgress.Remove(option);
        }
    }

    private RawOptionValue FindRaw(OsnlOption option)
    {
        foreach (var (dedicated, key, transform) in DedicatedKeys.Where(entry => entry.Option == option))
        {
            if (DotNetValue(key) is { } text && !string.IsNullOrWhiteSpace(text))
            {
                return new RawOptionValue(key, transform is null ? text : transform(text));
            }
        }

        // A source that sets the option under its deprecated name only still beats a lower source.
        var underName = Sources(option, option.Name).ToList();
        var underOldName = option.DeprecatedName is { } old ? Sources(option, old).ToList() : null;
        for (var source = 0; source < underName.Count; source++)
        {
            if ((underName[source] ?? underOldName?[source]) is { } raw)
            {
                return raw;
            }
        }

        return new RawOptionValue($"{option.IniLabel} (default)", option.Default, Interpolate: true);
    }

    /// <summary>What each source (highest first: .NET configuration, then oslo's) holds under <paramref name="key"/>, or null.</summary>
    private IEnumerable<RawOptionValue?> Sources(OsnlOption option, string key)
    {
        var path = $"{_sectionOf(option)}:{key}";
        var isDeprecatedKey = key != option.Name;
        if (DotNetValue(path) is { } text)
        {
            yield return new RawOptionValue(path, text, IsDeprecatedKey: isDeprecatedKey);
        }
        else if (option.Kind == OptionKind.Dictionary && _configuration.GetSection(path).GetChildren().ToList() is { Count: > 0 } children)
        {
            // e.g. "payload": { "instance_id": "^.+$" } in appsettings.json.
            var entries = children.ToDictionary(child => child.Key, child => child.Value ?? string.Empty, StringComparer.Ordinal);
            yield return new RawOptionValue(path, null, entries, IsDeprecatedKey: isDeprecatedKey);
        }
        else
        {
            yield return null;
        }

        foreach (var oslo in _osloProviders)
        {
            var osloKey = OsloConfigurationProvider.KeyOf(option, key);
            yield return oslo.TryGet(osloKey, out var value)
                ? new RawOptionValue(oslo.OriginOf(osloKey), value, Interpolate: true, IsDeprecatedKey: isDeprecatedKey)
                : null;
        }
    }

    // The highest .NET provider's value, an empty one included (oslo's providers sit below and are asked apart).
    private string? DotNetValue(string key)
    {
        foreach (var provider in _dotNetProviders)
        {
            if (provider.TryGet(key, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private object? ConvertValue(OsnlOption option, RawOptionValue raw)
    {
        if (raw.Entries is not null)
        {
            return raw.Entries;
        }

        if (raw.Text is null)
        {
            return null; // an unset dictionary option: no constraint
        }

        var text = raw.Interpolate ? OsloInterpolation.Substitute(raw.Text, name => Reference(option, raw, name)) : raw.Text;
        try
        {
            return option.Kind switch
            {
                OptionKind.String when option.Choices is { } choices => OsloTypes.ParseChoice(text, choices),
                OptionKind.String => text,
                OptionKind.Integer when option.Lenient => LenientInteger(option, raw, text),
                OptionKind.Integer => CheckRange(option, OsloTypes.ParseInteger(text)),
                OptionKind.Boolean => OsloTypes.ParseBoolean(text),
                OptionKind.Dictionary => OsloTypes.ParseDictionary(text),
                _ => throw new InvalidOperationException($"unknown option kind {option.Kind}"),
            };
        }
        catch (OptionValueException e)
        {
            throw Invalid(option, raw, e.Message);
        }
    }

    // oslo's StrSubWrapper: "$name" is an option of the same group, else of DEFAULT; "$group.name" another group's.
    private string Reference(OsnlOption referrer, RawOptionValue raw, string name)
    {
        var dot = name.IndexOf('.');
        if (dot >= 0 && name[..dot] is var groupName && !OsnlOptions.Groups.Contains(groupName))
        {
            throw Invalid(referrer, raw, ReferenceError(referrer, $"no such group [{groupName}]"));
        }

        var target = dot >= 0 ? OsnlOptions.Find(name[..dot], name[(dot + 1)..]) : OsnlOptions.Find(referrer.Group, name);
        target ??= OsnlOptions.Find(OsnlOptions.DefaultGroup, name);
        if (target is null)
        {
            var reason = OsnlOptions.Groups.Contains(name)
                ? $"substituting group {name} not supported"
                : $"no such option {name} in group [{OsnlOptions.DefaultGroup}]";
            throw Invalid(referrer, raw, ReferenceError(referrer, reason));
        }

        return Resolve(target, target.Kind).Value switch
        {
            null => string.Empty,
            string text => text,
            int number => number.ToString(CultureInfo.InvariantCulture),
            bool flag => flag ? "True" : "False", // Python str(bool)
            IReadOnlyDictionary<string, string> entries => PythonText.Repr(entries),
            var other => throw new InvalidOperationException($"unexpected value {other}"),
        };
    }

    // The name after '$' may be part of a password: never echo it for a secret option.
    private static string ReferenceError(OsnlOption referrer, string reason)
        => (referrer.IsSecret ? "a '$' is followed by a name that is not an option" : reason)
            + " (oslo.config $-interpolation; write $$ or \\$ for a literal '$')";

    // What upstream starts with must start here too (issue 12): replace, say so once, never refuse.
    private int LenientInteger(OsnlOption option, RawOptionValue raw, string text)
    {
        var shown = $"{raw.Origin} = '{MessageText.OneLine(text)}'";
        if (OsloTypes.ParseIntegerOrNone(text) is not { } number)
        {
            Warnings.Add($"{raw.Origin} is empty (oslo reads that as unset); using the default {option.Default}");
            return int.Parse(option.Default!, CultureInfo.InvariantCulture);
        }

        if (option.Minimum is { } minimum && number < minimum)
        {
            var replacement = option.BelowMinimum ?? minimum;
            Warnings.Add($"{shown} is less than {minimum}; using {replacement}");
            return replacement;
        }

        var maximum = option.Maximum ?? int.MaxValue;
        if (number > maximum)
        {
            Warnings.Add($"{shown} is more than {maximum}; using {maximum}");
            return maximum;
        }

        return (int)number;
    }

    private static int CheckRange(OsnlOption option, int value)
    {
        if (value < option.Minimum)
        {
            throw new OptionValueException($"Should be greater than or equal to {option.Minimum}");
        }

        if (value > option.Maximum)
        {
            throw new OptionValueException($"Should be less than or equal to {option.Maximum}");
        }

        return value;
    }

    private static OsnlConfigurationException Invalid(OsnlOption option, RawOptionValue raw, string reason)
        => new(raw.Origin, MessageText.OneLine(option.IsSecret ? TransportUrlRedactor.Redact(raw.Display) : raw.Display),
            MessageText.OneLine(reason));

    private sealed record Resolved(RawOptionValue Raw, object? Value);
}
