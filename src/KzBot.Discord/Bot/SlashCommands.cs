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
    private const int AttachmentOption = 11;
    private const int MaxOptionLength = 6000;
    private static readonly List<int> GuildAndDm = [0, 1];

    public static List<ApplicationCommand> All(int maxQuestionLength) =>
        [.. CommandCatalogue.All.Select(c => new ApplicationCommand
        {
            Name = c.Name,
            Description = c.Description,
            Contexts = GuildAndDm,
            DefaultMemberPermissions = c.AdminOnly ? Permissions.ManageGuildString : null,
            Options = Options(c, maxQuestionLength),
        })];

    /// <summary>The attachment option's name on commands that take a file.</summary>
    public const string FileOption = "file";

    private static List<CommandOption>? Options(ChatCommand c, int maxQuestionLength)
    {
        var options = new List<CommandOption>();
        if (c.Argument is { } a)
        {
            options.Add(new() { Type = StringOption, Name = a.Name, Description = a.Description, Required = a.Required, MaxLength = Math.Min(maxQuestionLength, MaxOptionLength) });
        }

        if (c.AcceptsFile)
        {
            options.Add(new() { Type = AttachmentOption, Name = FileOption, Description = "A file to add: .html, .pdf, .md or .txt", Required = false });
        }

        return options.Count == 0 ? null : options;
    }
}
