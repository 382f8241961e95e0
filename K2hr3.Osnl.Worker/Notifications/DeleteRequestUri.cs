using System.Text;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// The URL of upstream's DELETE (osnl-compatibility.md §8.4), byte for byte:
/// <c>&lt;api_url&gt;?extra=openstack-auto-v1&amp;cuk=&lt;cuk&gt;[&amp;host=&lt;json list of ips&gt;]</c>.
/// <list type="bullet">
/// <item><c>host</c> only when there are IPs; its value is Python's <c>json.dumps(list)</c>: <c>", "</c> separator, double
/// quotes, <c>ensure_ascii</c> escaping.</item>
/// <item>Values are encoded like <c>urllib.parse.quote(safe='')</c> = <see cref="Uri.EscapeDataString(string)"/>:
/// everything but <c>A-Z a-z 0-9 - . _ ~</c> as UTF-8 <c>%XX</c> with upper-case hex, space as <c>%20</c>.</item>
/// <item>Joined with <c>?</c>, or with <c>&amp;</c> when the api_url already has a query (upstream added a second
/// <c>?</c>, §9 #7); directly after a bare trailing <c>?</c>. A fragment of the api_url is dropped (never sent anyway).</item>
/// </list>
/// The result is a <see cref="Uri"/> whose <see cref="Uri.PathAndQuery"/> (what HttpClient sends) is exactly this text:
/// only unreserved characters are left unescaped and no <c>%XX</c> of an unreserved character is produced, so
/// <see cref="Uri"/> has nothing to re-encode or unescape.
/// </summary>
public static class DeleteRequestUri
{
    private const string Extra = "extra=openstack-auto-v1";

    public static Uri Build(Uri apiUrl, DeleteTarget target)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        ArgumentNullException.ThrowIfNull(target);
        if (!apiUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("the api_url must be absolute", nameof(apiUrl));
        }

        // AbsoluteUri, Query and Fragment are computed once and cached by Uri: no allocation per message.
        var baseUrl = apiUrl.AbsoluteUri.AsSpan();
        if (apiUrl.Fragment.Length > 0)
        {
            baseUrl = baseUrl[..^apiUrl.Fragment.Length];
        }

        var query = apiUrl.Query;
        var separator = query.Length == 0 ? "?" : query == "?" ? string.Empty : "&";

        var cuk = target.Cuk;
        var hostJsonLength = target.Ips.Count == 0 ? 0 : PythonJson.ListLength(target.Ips);
        var length = baseUrl.Length + separator.Length + Extra.Length + "&cuk=".Length + EscapedLength(cuk);
        Span<char> json = hostJsonLength <= 512 ? stackalloc char[hostJsonLength] : new char[hostJsonLength];
        if (hostJsonLength > 0)
        {
            PythonJson.WriteList(target.Ips, json);
            length += "&host=".Length + EscapedLength(json);
        }

        var url = string.Create(length, new UrlParts(baseUrl, separator, cuk, json), static (destination, parts) =>
        {
            var position = 0;
            Append(destination, ref position, parts.BaseUrl);
            Append(destination, ref position, parts.Separator);
            Append(destination, ref position, Extra);
            Append(destination, ref position, "&cuk=");
            AppendEscaped(destination, ref position, parts.Cuk);
            if (!parts.HostJson.IsEmpty)
            {
                Append(destination, ref position, "&host=");
                AppendEscaped(destination, ref position, parts.HostJson);
            }
        });
        return new Uri(url, UriKind.Absolute);
    }

    private readonly ref struct UrlParts(ReadOnlySpan<char> baseUrl, string separator, string cuk, ReadOnlySpan<char> hostJson)
    {
        public ReadOnlySpan<char> BaseUrl { get; } = baseUrl;

        public string Separator { get; } = separator;

        public string Cuk { get; } = cuk;

        public ReadOnlySpan<char> HostJson { get; } = hostJson;
    }

    private static void Append(Span<char> destination, ref int position, ReadOnlySpan<char> text)
    {
        text.CopyTo(destination[position..]);
        position += text.Length;
    }

    // ---- percent-encoding (urllib.parse.quote, safe='') ----

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static int EscapedLength(ReadOnlySpan<char> text)
    {
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnreserved(c))
            {
                length++;
            }
            else if (c < 0x80)
            {
                length += 3;
            }
            else
            {
                length += 3 * Utf8Length(text, ref i);
            }
        }

        return length;
    }

    private static void AppendEscaped(Span<char> destination, ref int position, ReadOnlySpan<char> text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnreserved(c))
            {
                destination[position++] = c;
                continue;
            }

            if (c < 0x80)
            {
                AppendPercent(destination, ref position, (byte)c);
                continue;
            }

            var rune = NextRune(text, ref i);
            var count = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..count])
            {
                AppendPercent(destination, ref position, b);
            }
        }
    }

    private static int Utf8Length(ReadOnlySpan<char> text, ref int i) => NextRune(text, ref i).Utf8SequenceLength;

    // An unpaired surrogate cannot be UTF-8: it becomes U+FFFD (DecodeFromUtf16 consumes one char for it).
    private static Rune NextRune(ReadOnlySpan<char> text, ref int i)
    {
        Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed);
        i += consumed - 1;
        return rune;
    }

    private static void AppendPercent(Span<char> destination, ref int position, byte b)
    {
        destination[position++] = '%';
        destination[position++] = UpperHex[b >> 4];
        destination[position++] = UpperHex[b & 0xF];
    }

    private const string UpperHex = "0123456789ABCDEF";
}
