using KzBot.Discord.Models;

namespace KzBot.Discord.Bot;

/// <summary>The commands registered at start-up. Admin commands are hidden from non-admins by default and checked again when run.</summary>
internal static class SlashCommands
{
    private static readonly List<int> GuildAndDm = [0, 1];

    public static List<ApplicationCommand> All(int maxQuestionLength) =>
    [
        new()
        {
            Name = "ask",
            Description = "Ask about Kazakhstan's relations with Russia during the war in Ukraine",
            Contexts = GuildAndDm,
            Options =
            [
                new() { Type = 3, Name = "question", Description = "Your question", Required = true, MaxLength = Math.Min(maxQuestionLength, 6000) },
            ],
        },
        new() { Name = "sources", Description = "List the indexed sources", Contexts = GuildAndDm },
        new() { Name = "help", Description = "How to ask, and what I can answer", Contexts = GuildAndDm },
        new() { Name = "reload", Description = "Admin: re-index the sources and report what changed", DefaultMemberPermissions = Permissions.ManageGuildString, Contexts = GuildAndDm },
        new() { Name = "stats", Description = "Admin: questions, refusals, feedback and latency", DefaultMemberPermissions = Permissions.ManageGuildString, Contexts = GuildAndDm },
    ];
}
