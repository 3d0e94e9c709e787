using System.Text;

namespace KzBot.Core.Chat;

/// <summary>
/// The /help reply and the /ask usage: what the bot covers (the corpus's topic words, learned from the sources),
/// how to ask, then the commands from <see cref="CommandCatalogue"/>.
/// </summary>
internal static class HelpText
{
    private const string HowToAsk = "How to ask: write to me directly, mention me, reply to one of my answers, or use /ask <question>.";

    public static string AskUsage(IReadOnlyList<string> topic) => topic.Count == 0
        ? "Ask me a question after /ask, for example: /ask <your question>"
        : $"Ask me a question after /ask, for example: /ask What do your sources say about {topic[0]}?";

    public static string For(bool isAdmin, IReadOnlyList<string> topic)
    {
        var about = topic.Count == 0 ? "I answer questions" : $"I answer questions about {JoinWords(topic)}";
        var sb = new StringBuilder(about)
            .Append(", using only my indexed sources, and I cite every answer with numbered sources. If the sources don't cover a question, I say so.\n\n")
            .Append(HowToAsk).Append("\n\n");
        AppendSection(sb, "Commands:", CommandCatalogue.Public);
        if (isAdmin)
        {
            sb.Append('\n');
            AppendSection(sb, "Admin commands:", CommandCatalogue.All.Where(c => c.AdminOnly));
        }

        return sb.ToString().TrimEnd();
    }

    private static string JoinWords(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : string.Join(", ", words.Take(words.Count - 1)) + " and " + words[^1];

    private static void AppendSection(StringBuilder sb, string heading, IEnumerable<ChatCommand> commands)
    {
        sb.Append(heading).Append('\n');
        foreach (var c in commands)
        {
            sb.Append(c.Usage).Append(" — ").Append(c.Description).Append('\n');
        }
    }
}
