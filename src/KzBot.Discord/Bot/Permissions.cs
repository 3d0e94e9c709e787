using System.Globalization;
using System.Numerics;

namespace KzBot.Discord.Bot;

/// <summary>Discord permission bits. They arrive as decimal strings and can exceed 64 bits, hence BigInteger.</summary>
internal static class Permissions
{
    public static readonly BigInteger Administrator = BigInteger.One << 3;
    public static readonly BigInteger ManageGuild = BigInteger.One << 5;

    /// <summary>Manage Server, as a string for <c>default_member_permissions</c>.</summary>
    public static readonly string ManageGuildString = ManageGuild.ToString(CultureInfo.InvariantCulture);

    public static BigInteger Parse(string? value) =>
        BigInteger.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : BigInteger.Zero;

    public static bool CanManageGuild(BigInteger permissions) => !(permissions & (Administrator | ManageGuild)).IsZero;
}
