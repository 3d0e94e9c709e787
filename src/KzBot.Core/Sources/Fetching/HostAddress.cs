using System.Globalization;
using System.Net;

namespace KzBot.Core.Sources.Fetching;

/// <summary>
/// Reads a URL host that is an IP address in any spelling a resolver would accept: dotted quad, one decimal number
/// (2130706433), hex (0x7f000001, 0x7f.1), octal (0177.0.0.1), short forms (127.1), and IPv6 in brackets.
/// </summary>
public static class HostAddress
{
    public static bool TryParse(string host, out IPAddress address)
    {
        var h = host.Trim().TrimEnd('.');
        if (h.StartsWith('[') && h.EndsWith(']'))
        {
            h = h[1..^1];
        }

        if (h.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(h, out address!);
        }

        return TryParseIPv4(h, out address);
    }

    // inet_aton: one to four parts, each decimal, 0x-hex or 0-octal; the last part fills the remaining bytes.
    private static bool TryParseIPv4(string host, out IPAddress address)
    {
        address = IPAddress.None;
        var parts = host.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return false;
        }

        var values = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParsePart(parts[i], out values[i]))
            {
                return false;
            }
        }

        ulong result = 0;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (values[i] > 255)
            {
                return false;
            }

            result |= values[i] << (8 * (3 - i));
        }

        var last = values[^1];
        var lastBits = 8 * (4 - (parts.Length - 1));
        if (last >= 1UL << lastBits)
        {
            return false;
        }

        result |= last;
        address = new IPAddress(new[] { (byte)(result >> 24), (byte)(result >> 16), (byte)(result >> 8), (byte)result });
        return true;
    }

    private static bool TryParsePart(string part, out ulong value)
    {
        value = 0;
        if (part.Length == 0)
        {
            return false;
        }

        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return part.Length <= 10 && (part.Length == 2 || ulong.TryParse(part.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value));
        }

        if (part.Length > 1 && part[0] == '0')
        {
            foreach (var c in part)
            {
                if (c is < '0' or > '7')
                {
                    return false;
                }

                value = (value * 8) + (ulong)(c - '0');
                if (value > uint.MaxValue)
                {
                    return false;
                }
            }

            return true;
        }

        return part.All(char.IsAsciiDigit) && part.Length <= 10 && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
