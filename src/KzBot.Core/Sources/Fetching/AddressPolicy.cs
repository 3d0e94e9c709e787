using System.Net;
using System.Net.Sockets;

namespace KzBot.Core.Sources.Fetching;

/// <summary>
/// Which addresses a fetched URL may reach: public unicast only. Every other range (the bot's own machine, the
/// private network around it, cloud metadata at 169.254.169.254, multicast…) is named so the refusal says why.
/// </summary>
public static class AddressPolicy
{
    private static readonly (IPNetwork Net, string Kind)[] Forbidden =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT)"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved"),
        (IPNetwork.Parse("::/128"), "an unspecified"),
        (IPNetwork.Parse("::1/128"), "a loopback"),
        (IPNetwork.Parse("fc00::/7"), "a private"),
        (IPNetwork.Parse("fec0::/10"), "a private"),
        (IPNetwork.Parse("fe80::/10"), "a link-local"),
        (IPNetwork.Parse("ff00::/8"), "a multicast"),
    ];

    /// <summary>Null when <paramref name="address"/> is public, else its kind ("a loopback", "a private" …).</summary>
    public static string? Refusal(IPAddress address)
    {
        if (Embedded(address) is { } inner)
        {
            return Refusal(inner);
        }

        foreach (var (net, kind) in Forbidden)
        {
            if (net.BaseAddress.AddressFamily == address.AddressFamily && net.Contains(address))
            {
                return kind;
            }
        }

        return null;
    }

    // IPv6 forms that carry an IPv4 address reach that address: mapped (::ffff:a.b.c.d), the old compatible form
    // (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002:aabb:ccdd::).
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && (b[12] | b[13]) != 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4));
        }

        return null;
    }
}
