using KzBot.Core.Chat;
using KzBot.Discord.Models;

namespace KzBot.Discord.Bot;

/// <summary>
/// The command catalogue as Discord application commands. Admin commands are hidden from members without Manage Server
/// by default and checked again when run.
/// </summary>
internal static class SlashCommands
{
    private const int StringOption = 3;
    private const int MaxOptionLength = 6000;
    private static readonly List<int> GuildAndDm = [0, 1];

    public static List<ApplicationCommand> All(int maxQuestionLength) =>
        [.. CommandCatalogue.All.Select(c => new ApplicationCommand
        {
            Name = c.Name,
            Description = c.Description,
            Contexts = GuildAndDm,
            DefaultMemberPermissions = c.AdminOnly ? Permissions.ManageGuildString : null,
            Options = c.Argument is { } a
                ? [new() { Type = StringOption, Name = a.Name, Description = a.Description, Required = true, MaxLength = Math.Min(maxQuestionLength, MaxOptionLength) }]
                : null,
        })];
}
