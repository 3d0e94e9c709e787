using System.Text;
using KzBot.Core.Storage;
using KzBot.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Discord.Tests;

/// <summary>/add with an attachment (fetched from the CDN with the URL guards), ephemeral admin replies, and /remove confirmed by a button bound to the admin.</summary>
public sealed class SourceManagementTests
{
    private const int Ephemeral = 64;
    private const string FileText = "Orvane salt mine\n\nThe Orvane mine produces forty thousand tonnes of rock salt each year.\n";
    private const string Question = "How much salt does the Orvane mine produce?";
    private const string OtherUser = "1000000000000000077";

    [Fact]
    public async Task An_admin_adds_an_attachment_users_get_it_cited_and_only_the_admin_can_confirm_its_removal()
    {
        var cdn = LoopbackWeb.CreateBuilder().Build();
        cdn.MapGet("/attachments/1/2/orvane.txt", () => Results.Text(FileText, "text/plain"));
        await cdn.StartAsync();
        await using var _ = cdn;
        await using var bot = await DiscordTestBot.StartAsync(settings: new()
        {
            ["Sources:AllowedHosts:0"] = "127.0.0.1",

            // Buttons carry no permissions, so the admin is named in the configuration.
            ["Discord:AdminUserIds:0"] = DiscordTestBot.User,
        });
        await bot.ConnectAsync();

        var registered = await bot.Server.WaitForRequestAsync(r => r.Method == "PUT" && r.Path.Contains("commands", StringComparison.Ordinal));
        var add = registered.Json.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "add");
        Assert.Equal(["url:3:False", "file:11:False"], add.GetProperty("options").EnumerateArray().Select(o => $"{o.GetProperty("name").GetString()}:{o.GetProperty("type").GetInt32()}:{o.GetProperty("required").GetBoolean()}"));

        const string addId = "1300000000000000701";
        var url = LoopbackWeb.Address(cdn) + "/attachments/1/2/orvane.txt";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", WithAttachment(Interactions.Command(addId, "add"), url), bot.NextSeq());
        var added = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"webhooks/{FakeDiscordServer.AppId}/itoken-{addId}"));
        Assert.Equal(5, bot.Server.Requests.Single(r => r.Is("POST", Interactions.Callback(addId))).Json.GetProperty("type").GetInt32());
        Assert.Equal(Ephemeral, added.Json.GetProperty("flags").GetInt32());
        Assert.StartsWith("Added ", added.Json.GetProperty("content").GetString(), StringComparison.Ordinal);

        const string askId = "1300000000000000702";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(askId, "ask", Question), bot.NextSeq());
        var answer = await bot.Server.WaitForRequestAsync(r => r.Is("PATCH", Interactions.Original(askId)));
        Assert.Contains("forty thousand tonnes", answer.Json.GetProperty("content").GetString(), StringComparison.Ordinal);

        var id = (await bot.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None)).Single().Id;
        const string removeId = "1300000000000000703";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(removeId, "remove").Replace("\"type\":1}", $$"""
            "type":1,"options":[{"name":"id","type":3,"value":"{{id}}"}]}
            """.Trim(), StringComparison.Ordinal), bot.NextSeq());
        var asked = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"webhooks/{FakeDiscordServer.AppId}/itoken-{removeId}"));
        Assert.Equal(Ephemeral, asked.Json.GetProperty("flags").GetInt32());
        var customId = asked.Json.GetProperty("components")[0].GetProperty("components")[0].GetProperty("custom_id").GetString()!;

        const string strangerPress = "1300000000000000704";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Button(strangerPress, customId, OtherUser), bot.NextSeq());
        var refused = await bot.Server.WaitForRequestAsync(r => r.Is("POST", Interactions.Callback(strangerPress)));
        Assert.Equal("Only the admin who asked can confirm this.", refused.Json.GetProperty("data").GetProperty("content").GetString());
        Assert.Single(await bot.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None));

        const string adminPress = "1300000000000000705";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Button(adminPress, customId), bot.NextSeq());
        var removed = await bot.Server.WaitForRequestAsync(r => r.Is("POST", Interactions.Callback(adminPress)));
        Assert.StartsWith($"Removed {id}", removed.Json.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(Ephemeral, removed.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Empty(await bot.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None));
    }

    private static string WithAttachment(string interaction, string url)
    {
        var size = Encoding.UTF8.GetByteCount(FileText);
        var attachment = "{\"id\":\"555\",\"filename\":\"orvane.txt\",\"size\":" + size + ",\"url\":\"" + url + "\",\"content_type\":\"text/plain; charset=utf-8\"}";
        var options = "\"type\":1,\"options\":[{\"name\":\"file\",\"type\":11,\"value\":\"555\"}],\"resolved\":{\"attachments\":{\"555\":" + attachment + "}}}";
        return interaction.Replace("\"type\":1}", options, StringComparison.Ordinal);
    }
}
