namespace K2hr3.Compat;

/// <summary>
/// glibc <c>inet_pton</c> (osnl-compatibility.md §8.3), which upstream uses through Python's <c>socket.inet_pton</c> to accept an IP:
/// valid for <c>AF_INET</c> or <c>AF_INET6</c>. A port of glibc's <c>inet_pton4</c>/<c>inet_pton6</c> (2.26+).
/// </summary>
/// <remarks>
/// Not <see cref="System.Net.IPAddress.TryParse(string, out System.Net.IPAddress)"/>: it accepts far more (<c>1</c>,
/// <c>1.2.3</c>, octal/hex parts <c>0x7f.1</c>, leading zeros, surrounding whitespace, zone ids <c>fe80::1%eth0</c>,
/// brackets <c>[::1]</c>, ...), all of which upstream rejects.
/// </remarks>
public static class InetPton
{
    public static bool IsValid(string? text) => text is not null && (IsValidIPv4(text) || IsValidIPv6(text));

    /// <summary>Exactly four dot-separated decimal parts 0–255, no leading zeros, nothing else.</summary>
    public static bool IsValidIPv4(ReadOnlySpan<char> text)
    {
        var octets = 0;
        var sawDigit = false;
        var current = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (sawDigit && current == 0)
                {
                    return false; // leading zero
                }

                current = (current * 10) + (c - '0');
                if (current > 255)
                {
                    return false;
                }

                if (!sawDigit)
                {
                    if (++octets > 4)
                    {
                        return false;
                    }

                    sawDigit = true;
                }
            }
            else if (c == '.' && sawDigit)
            {
                if (octets == 4)
                {
                    return false;
                }

                current = 0;
                sawDigit = false;
            }
            else
            {
                return false;
            }
        }

        return octets == 4 && sawDigit;
    }

    /// <summary>
    /// Eight groups of 1–4 hex digits (any case), one <c>::</c> standing for at least one zero group, optionally ending
    /// in an embedded dotted quad; no zone id, no brackets, no whitespace.
    /// </summary>
    public static bool IsValidIPv6(ReadOnlySpan<char> text)
    {
        const int AddressBytes = 16;
        if (text.IsEmpty)
        {
            return false;
        }

        var position = 0;
        // A leading "::" needs special handling; a single leading ':' is invalid.
        if (text[0] == ':')
        {
            if (text.Length < 2 || text[1] != ':')
            {
                return false;
            }

            position = 1;
        }

        var written = 0;          // bytes of the address produced so far
        var compressedAt = -1;    // where "::" was, in bytes
        var tokenStart = position;
        var hexDigits = 0;
        var value = 0;
        while (position < text.Length)
        {
            var c = text[position++];
            var digit = HexValue(c);
            if (digit >= 0)
            {
                if (hexDigits == 4)
                {
                    return false;
                }

                value = (value << 4) | digit;
                hexDigits++;
                continue;
            }

            if (c == ':')
            {
                tokenStart = position;
                if (hexDigits == 0)
                {
                    if (compressedAt >= 0)
                    {
                        return false; // a second "::", or ":::"
                    }

                    compressedAt = written;
                    continue;
                }

                if (position == text.Length || written + 2 > AddressBytes)
                {
                    return false; // trailing single ':' or too many groups
                }

                written += 2;
                hexDigits = 0;
                value = 0;
                continue;
            }

            if (c == '.' && written + 4 <= AddressBytes && IsValidIPv4(text[tokenStart..]))
            {
                written += 4;
                hexDigits = 0;
                break;
            }

            return false;
        }

        if (hexDigits > 0)
        {
            if (written + 2 > AddressBytes)
            {
                return false;
            }

            written += 2;
        }

        if (compressedAt >= 0)
        {
            // "::" must stand for at least one group.
            return written != AddressBytes;
        }

        return written == AddressBytes;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
