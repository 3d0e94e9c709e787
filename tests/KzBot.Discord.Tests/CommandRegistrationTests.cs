using KzBot.Core.Chat;
using KzBot.Discord.Tests.Fakes;

namespace KzBot.Discord.Tests;

/// <summary>Discord's slash commands are the command catalogue: every entry, its description, argument and admin gate.</summary>
public sealed class CommandRegistrationTests
{
    [Fact]
    public async Task The_slash_commands_registered_at_READY_are_the_command_catalogue()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();

        var put = await bot.Server.WaitForRequestAsync(r => r.Is("PUT", $"applications/{FakeDiscordServer.AppId}/commands"));
        var registered = put.Json.EnumerateArray().ToList();

        Assert.Equal(CommandCatalogue.All.Select(c => c.Name), registered.Select(c => c.GetProperty("name").GetString()));
        foreach (var (command, json) in CommandCatalogue.All.Zip(registered))
        {
            Assert.Equal(command.Description, json.GetProperty("description").GetString());
            Assert.Equal(command.AdminOnly, json.TryGetProperty("default_member_permissions", out _));
            var options = json.TryGetProperty("options", out var o) ? o.EnumerateArray().Select(x => x.GetProperty("name").GetString()).ToList() : [];
            List<string?> expected = command.Argument is { } a ? [a.Name] : [];
            if (command.AcceptsFile)
            {
                expected.Add("file");
            }

            Assert.Equal(expected, options);
        }
    }
}
