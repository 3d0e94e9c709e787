namespace KzBot.Core.Chat;

/// <summary>The free-text argument a command takes (Discord shows it as a string option, required unless said otherwise).</summary>
public sealed record CommandArgument(string Name, string Description, bool Required = true);

/// <summary>
/// One command as every part of the bot sees it: the engine runs it, help lists it, and each platform registers it
/// in its own menu from these fields.
/// </summary>
public sealed record ChatCommand(string Name, string Description)
{
    public CommandArgument? Argument { get; init; }

    /// <summary>Run only for admins (refused and audited otherwise); platforms show it to admins only where they can.</summary>
    public bool AdminOnly { get; init; }

    /// <summary>May take seconds, so platforms show a working signal first (typing, a deferred interaction).</summary>
    public bool Slow { get; init; }

    /// <summary>Takes a file instead of its argument (a Telegram document, a Discord attachment option).</summary>
    public bool AcceptsFile { get; init; }

    /// <summary>Other names that run it but are not listed ("/start" is what Telegram sends when a chat opens).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    internal Func<ChatEngine, IncomingMessage, string, CancellationToken, Task<EngineReply>> Run { get; init; } =
        (_, _, _, _) => Task.FromResult(EngineReply.None);

    /// <summary>Slow for this user: an admin command refused to a non-admin is answered at once.</summary>
    public bool IsSlowFor(bool isAdmin) => Slow && (isAdmin || !AdminOnly);

    public string Usage => Argument is null ? "/" + Name : $"/{Name} <{Argument.Name}>";
}

/// <summary>Every command the bot knows, in the order menus and help list them. A new command is one entry here.</summary>
public static class CommandCatalogue
{
    public static IReadOnlyList<ChatCommand> All { get; } =
    [
        new("ask", "Ask a question; I answer from the indexed sources and cite them")
        {
            Argument = new CommandArgument("question", "Your question"),
            Slow = true,
            Run = (engine, message, argument, ct) => engine.AskAsync(message, argument, ct),
        },
        new("sources", "List the indexed sources")
        {
            Run = async (engine, _, page, ct) => EngineReply.Say(await engine.SourcesTextAsync(page, ct), "sources"),
        },
        new("help", "How to ask, and what I can answer")
        {
            Aliases = ["start"],
            Run = async (engine, message, _, ct) => EngineReply.Say(await engine.HelpTextAsync(message.IsAdmin, ct), "help"),
        },
        new("reload", "Fetch URL sources again, re-index the source folders, and report what changed")
        {
            AdminOnly = true,
            Slow = true,
            Run = async (engine, message, _, ct) => EngineReply.Say(await engine.ReloadTextAsync(message, ct), "reload"),
        },
        new("add", "Add a source: a web page, PDF, Markdown or text file by URL, or an attached file")
        {
            Argument = new CommandArgument("url", "Web address of the page or file", Required: false),
            AcceptsFile = true,
            AdminOnly = true,
            Slow = true,
            Run = (engine, message, argument, ct) => engine.AddSourceAsync(message, argument, ct),
        },
        new("remove", "Remove a source added from chat (asks to confirm)")
        {
            Argument = new CommandArgument("id", "The source's id, as /sources lists it"),
            AdminOnly = true,
            Slow = true,
            Run = (engine, message, argument, ct) => engine.RemoveSourceAsync(message, argument, ct),
        },
        new("refresh", "Fetch a URL source again and re-index it if it changed")
        {
            Argument = new CommandArgument("id", "The source's id, as /sources lists it"),
            AdminOnly = true,
            Slow = true,
            Run = (engine, _, argument, ct) => engine.RefreshSourceAsync(argument, ct),
        },
        new("why", "Why a question was answered or refused: the words weighed, the best sentence, the decision")
        {
            Argument = new CommandArgument("question", "The question to explain (default: the last one asked in this chat)", Required: false),
            AdminOnly = true,
            Slow = true,
            Run = async (engine, message, argument, ct) => EngineReply.Say(await engine.WhyTextAsync(message, argument, ct), "why", isPrivate: true),
        },
        new("stats", "Questions answered, refusals, feedback and latency")
        {
            AdminOnly = true,
            Slow = true,
            Run = async (engine, _, _, ct) => EngineReply.Say(await engine.StatsTextAsync(ct), "stats"),
        },
    ];

    public static IEnumerable<ChatCommand> Public => All.Where(c => !c.AdminOnly);

    /// <summary>The command called <paramref name="name"/> or one of its aliases, or null.</summary>
    public static ChatCommand? Find(string name) =>
        All.FirstOrDefault(c => c.Name == name || c.Aliases.Contains(name, StringComparer.Ordinal));
}
