using System.Text;

namespace KzBot.Core.Chat;

/// <summary>The /help reply: what the bot does, then the commands from <see cref="CommandCatalogue"/>.</summary>
internal static class HelpText
{
    public const string AskUsage =
        "Ask me a question after /ask, for example: /ask Did Kazakhstan recognise Donetsk and Luhansk?";

    private const string Intro = """
        I answer questions about Kazakhstan's relations with Russia during the war in Ukraine, using only my indexed sources, and I cite every answer with numbered sources. If the sources don't cover a question, I say so.

        How to ask: write to me directly, mention me, reply to one of my answers, or use /ask <question>.
        """;

    public static string For(bool isAdmin)
    {
        var sb = new StringBuilder(Intro).Append('\n');
        AppendSection(sb, "Commands:", CommandCatalogue.Public);
        if (isAdmin)
        {
            sb.Append('\n');
            AppendSection(sb, "Admin commands:", CommandCatalogue.All.Where(c => c.AdminOnly));
        }

        return sb.ToString().TrimEnd();
    }

    private static void AppendSection(StringBuilder sb, string heading, IEnumerable<ChatCommand> commands)
    {
        sb.Append(heading).Append('\n');
        foreach (var c in commands)
        {
            sb.Append(c.Usage).Append(" — ").Append(c.Description).Append('\n');
        }
    }
}
