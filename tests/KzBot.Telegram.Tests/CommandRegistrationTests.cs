using KzBot.Core.Chat;

namespace KzBot.Telegram.Tests;

/// <summary>Telegram's "/" menus are the command catalogue: public entries for everyone, every entry for admins.</summary>
public sealed class CommandRegistrationTests
{
    [Fact]
    public async Task The_command_menus_are_the_command_catalogue()
    {
        await using var rig = await TelegramRig.StartAsync();
        await rig.ReadyAsync();
        await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "setMyCommands") == 2, "both menus");

        var menus = rig.Api.CallsTo("setMyCommands");
        var everyone = menus.Single(m => m.Body["scope"]?["type"]?.GetValue<string>() is null or "default");
        var admin = menus.Single(m => m.Body["scope"]?["type"]?.GetValue<string>() == "chat");

        Assert.Equal(CommandCatalogue.All.Where(c => !c.AdminOnly).Select(c => (c.Name, c.Description)), Menu(everyone));
        Assert.Equal(CommandCatalogue.All.Select(c => (c.Name, c.Description)), Menu(admin));
    }

    private static IEnumerable<(string, string)> Menu(Fakes.ApiCall call) =>
        call.Body["commands"]!.AsArray().Select(c => (c!["command"]!.GetValue<string>(), c["description"]!.GetValue<string>()));
}
