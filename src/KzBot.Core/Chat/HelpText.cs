namespace KzBot.Core.Chat;

internal static class HelpText
{
    public const string AskUsage =
        "Ask me a question after /ask, for example: /ask Did Kazakhstan recognise Donetsk and Luhansk?";

    private const string Public = """
        I answer questions about Kazakhstan's relations with Russia during the war in Ukraine, using only my indexed sources, and I cite every answer with numbered sources. If the sources don't cover a question, I say so.

        How to ask: write to me directly, mention me, reply to one of my answers, or use /ask <question>.
        Commands:
        /ask <question> — ask a question
        /sources — list the indexed sources
        /help — this message
        """;

    private const string Admin = """

        Admin commands:
        /reload — re-index the source folders and report what changed
        /stats — questions answered, refusals, feedback and latency
        """;

    public static string For(bool isAdmin) => isAdmin ? Public + Admin.TrimEnd() : Public.TrimEnd();
}
