using System.Text.RegularExpressions;

namespace KzBot.Discord.Bot;

/// <summary>Finds and strips the bot's own mentions (<c>&lt;@id&gt;</c>, <c>&lt;@!id&gt;</c>, its managed role <c>&lt;@&amp;id&gt;</c>).</summary>
internal static partial class MentionText
{
    public static bool Mentions(string content, string selfId, string? roleId) =>
        content.Contains($"<@{selfId}>", StringComparison.Ordinal) ||
        content.Contains($"<@!{selfId}>", StringComparison.Ordinal) ||
        (roleId is not null && content.Contains($"<@&{roleId}>", StringComparison.Ordinal));

    public static string Strip(string content, string selfId, string? roleId)
    {
        var text = content.Replace($"<@{selfId}>", " ", StringComparison.Ordinal).Replace($"<@!{selfId}>", " ", StringComparison.Ordinal);
        if (roleId is not null)
        {
            text = text.Replace($"<@&{roleId}>", " ", StringComparison.Ordinal);
        }

        return Spaces().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();
}
