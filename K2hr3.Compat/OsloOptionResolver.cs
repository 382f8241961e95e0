using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace K2hr3.Compat;

/// <summary>
/// oslo.config's option reading over layered .NET configuration (highest precedence wins): dedicated keys, then per
/// source the option's name or its deprecated name, then the code default; oslo's <c>$</c>-interpolation (for values
/// from oslo's own sources only) and type rules. Every failure is the schema's exception naming where the value came from.
/// </summary>
public sealed class OsloOptionResolver
{
    private readonly IConfiguration _configuration;
    private readonly OsloOptionSchema _schema;
    private readonly IConfigurationProvider[] _dotNetProviders;
    private readonly OsloConfigurationProvider[] _osloProviders;
    private readonly Func<OsloOption, string> _sectionOf;
    private readonly Dictionary<OsloOption, Resolved> _cache = [];
    private readonly HashSet<OsloOption> _inProgress = [];

    /// <param name="configuration">oslo's providers (<see cref="OsloConfigurationProvider"/>) below .NET configuration's.</param>
    /// <param name="schema">The options and how they are named.</param>
    /// <param name="sectionOf">Where .NET configuration holds an option; by default <c>&lt;Prefix&gt;:&lt;group&gt;</c>.</param>
    /// <param name="withOsloSources">Whether oslo's file and <c>OS_*</c> variables count.</param>
    public OsloOptionResolver(IConfigurationRoot configuration, OsloOptionSchema schema, Func<OsloOption, string>? sectionOf = null, bool withOsloSources = true)
    {
        _configuration = configuration;
        _schema = schema;
        var highestFirst = configuration.Providers.Reverse().ToList();
        _osloProviders = withOsloSources ? [.. highestFirst.OfType<OsloConfigurationProvider>()] : [];
        _dotNetProviders = [.. highestFirst.Where(provider => provider is not OsloConfigurationProvider)];
        _sectionOf = sectionOf ?? (option => $"{schema.Prefix}:{option.Group}");
    }

    /// <summary>Options held under one section (e.g. <c>Osnl:Sources:&lt;name&gt;</c>), on the code defaults, not on oslo's sources.</summary>
    public static OsloOptionResolver ForSection(IConfigurationRoot configuration, OsloOptionSchema schema, string section)
        => new(configuration, schema, _ => section, withOsloSources: false);

    /// <summary>The option's effective value, converted (a string, int, bool or dictionary; null when unset).</summary>
    public object? ValueOf(OsloOption option) => Resolve(option).Value;

    /// <summary>
    /// The effective values of <paramref name="options"/>, converted by oslo's rules, as configuration keys
    /// <c>&lt;section&gt;:&lt;option&gt;</c> for the options binder: integers in invariant digits, booleans as
    /// <c>True</c>/<c>False</c>, a DictOpt as child keys (note: .NET configuration keys ignore case, so two DictOpt keys
    /// that differ only in case would merge; oslo's would not), an unset option absent. A value oslo would refuse throws
    /// here, naming where it came from, as oslo refuses it when the option is first read.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string?>> EffectiveValues(IEnumerable<OsloOption> options, string section)
    {
        foreach (var option in options)
        {
            switch (Resolve(option).Value)
            {
                case IReadOnlyDictionary<string, string> entries:
                    foreach (var (key, value) in entries)
                    {
                        yield return new($"{section}:{option.Name}:{key}", value);
                    }

                    break;
                case { } value:
                    yield return new($"{section}:{option.Name}", Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    /// <summary>Values accepted as upstream would but replaced by something sensible (lenient integers), one line each.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Where the effective value came from, e.g. <c>[k2hr3] api_url</c>.</summary>
    public OsloRawValue SourceOf(OsloOption option) => Resolve(option).Raw;

    /// <summary>An error about the effective value of <paramref name="option"/> found after conversion (range, URL, ...).</summary>
    public Exception Invalid(OsloOption option, string reason) => Invalid(option, SourceOf(option), reason);

    /// <summary>Every source that set the option under its deprecated name (for warnings), highest first.</summary>
    public IEnumerable<OsloRawValue> DeprecatedKeyUses(OsloOption option)
        => option.DeprecatedName is { } key ? Sources(option, key).OfType<OsloRawValue>() : [];

    private Resolved Resolve(OsloOption option)
    {
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

    private OsloRawValue FindRaw(OsloOption option)
    {
        foreach (var (dedicated, key, transform) in _schema.DedicatedKeys.Where(entry => entry.Option == option))
        {
            if (DotNetValue(key) is { } text && !string.IsNullOrWhiteSpace(text))
            {
                return new OsloRawValue(key, transform is null ? text : transform(text));
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

        return new OsloRawValue($"{option.IniLabel} (default)", option.Default, Interpolate: true);
    }

    /// <summary>What each source (highest first: .NET configuration, then oslo's) holds under <paramref name="key"/>, or null.</summary>
    private IEnumerable<OsloRawValue?> Sources(OsloOption option, string key)
    {
        var path = $"{_sectionOf(option)}:{key}";
        var isDeprecatedKey = key != option.Name;
        if (DotNetValue(path) is { } text)
        {
            yield return new OsloRawValue(path, text, IsDeprecatedKey: isDeprecatedKey);
        }
        else if (option.Kind == OsloOptionKind.DictOpt && _configuration.GetSection(path).GetChildren().ToList() is { Count: > 0 } children)
        {
            // e.g. "payload": { "instance_id": "^.+$" } in appsettings.json.
            var entries = children.ToDictionary(child => child.Key, child => child.Value ?? string.Empty, StringComparer.Ordinal);
            yield return new OsloRawValue(path, null, entries, IsDeprecatedKey: isDeprecatedKey);
        }
        else
        {
            yield return null;
        }

        foreach (var oslo in _osloProviders)
        {
            var osloKey = _schema.KeyOf(option, key);
            yield return oslo.TryGet(osloKey, out var value)
                ? new OsloRawValue(oslo.OriginOf(osloKey), value, Interpolate: true, IsDeprecatedKey: isDeprecatedKey)
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

    private object? ConvertValue(OsloOption option, OsloRawValue raw)
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
                OsloOptionKind.StrOpt when option.Choices is { } choices => OsloTypes.ParseChoice(text, choices),
                OsloOptionKind.StrOpt => text,
                OsloOptionKind.IntOpt when option.Lenient => LenientInteger(option, raw, text),
                OsloOptionKind.IntOpt => OsloTypes.ParseInteger(text, option.Minimum, option.Maximum),
                OsloOptionKind.BoolOpt => OsloTypes.ParseBoolean(text),
                OsloOptionKind.DictOpt => OsloTypes.ParseDictionary(text),
                _ => throw new InvalidOperationException($"unknown option kind {option.Kind}"),
            };
        }
        catch (OptionValueException e)
        {
            throw Invalid(option, raw, e.Message);
        }
    }

    // oslo's StrSubWrapper: "$name" is an option of the same group, else of DEFAULT; "$group.name" another group's.
    private string Reference(OsloOption referrer, OsloRawValue raw, string name)
    {
        var dot = name.IndexOf('.');
        if (dot >= 0 && name[..dot] is var groupName && !_schema.Groups.Contains(groupName))
        {
            throw Invalid(referrer, raw, ReferenceError(referrer, $"no such group [{groupName}]"));
        }

        var target = dot >= 0 ? _schema.Find(name[..dot], name[(dot + 1)..]) : _schema.Find(referrer.Group, name);
        target ??= _schema.Find(OsloOptionSchema.DefaultGroup, name);
        if (target is null)
        {
            var reason = _schema.Groups.Contains(name)
                ? $"substituting group {name} not supported"
                : $"no such option {name} in group [{OsloOptionSchema.DefaultGroup}]";
            throw Invalid(referrer, raw, ReferenceError(referrer, reason));
        }

        return Resolve(target).Value switch
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
    private static string ReferenceError(OsloOption referrer, string reason)
        => (referrer.IsSecret ? "a '$' is followed by a name that is not an option" : reason)
            + " (oslo.config $-interpolation; write $$ or \\$ for a literal '$')";

    // What upstream starts with must start here too (issue 12): replace, say so once, never refuse.
    private int LenientInteger(OsloOption option, OsloRawValue raw, string text)
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

    private Exception Invalid(OsloOption option, OsloRawValue raw, string reason)
        => _schema.InvalidValue(raw.Origin, MessageText.OneLine(option.IsSecret ? TransportUrlRedactor.Redact(raw.Display) : raw.Display),
            MessageText.OneLine(reason));

    private sealed record Resolved(OsloRawValue Raw, object? Value);
}
