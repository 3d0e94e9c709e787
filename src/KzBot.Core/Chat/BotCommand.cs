namespace KzBot.Core.Chat;

/// <summary>A "/name argument" command. Adapters strip "@botname"; anything else is a question.</summary>
internal sealed record BotCommand(string Name, string Argument)
{
    public static BotCommand? Parse(string text)
    {
        if (text.Length < 2 || text[0] != '/' || !char.IsAsciiLetter(text[1]))
        {
            return null;
        }

        var end = 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        var name = text[1..end].ToLowerInvariant();
        var rest = text[end..];

        // "/ask@KzBot question": the adapter normally strips this, but the engine tolerates it too.
        if (rest.StartsWith('@'))
        {
            var space = rest.IndexOfAny([' ', '\n', '\t']);
            rest = space < 0 ? "" : rest[space..];
        }

        if (rest.Length > 0 && !char.IsWhiteSpace(rest[0]))
        {
            return null;
        }

        return new BotCommand(name, rest.Trim());
    }
}
