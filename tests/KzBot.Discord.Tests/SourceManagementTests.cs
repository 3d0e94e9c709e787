using System.Text;
using KzBot.Core.Storage;
using KzBot.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Discord.Tests;

/// <summary>/add with a link or an attachment (fetched with the URL guards), ephemeral admin replies, /remove confirmed by a button bound to the admin, and a restart that keeps what was not removed.</summary>
public sealed class SourceManagementTests
{
    private const int Ephemeral = 64;
    private const string FileText = "Orvane salt mine\n\nThe Orvane mine produces forty thousand tonnes of rock salt each year.\n";
    private const string Question = "How much salt does the Orvane mine produce?";
    private const string PageText = "# Lanterns of Vellmar\n\nThe lantern makers of Vellmar export their paper lanterns to eleven countries every spring.\n";
    private const string PageQuestion = "What do the lantern makers of Vellmar export every spring?";
    private const string OtherUser = "1000000000000000077";

    [Fact]
    public async Task An_admin_adds_a_link_and_an_attachment_users_get_them_cited_only_the_admin_can_confirm_a_removal_and_a_restart_keeps_the_rest()
    {
        var cdn = LoopbackWeb.CreateBuilder().Build();
        cdn.MapGet("/attachments/1/2/orvane.txt", () => Results.Text(FileText, "text/plain"));
        cdn.MapGet("/pages/lanterns.md", () => Results.Text(PageText, "text/markdown"));
        await cdn.StartAsync();
        await using var _ = cdn;
        await using var server = await FakeDiscordServer.StartAsync();
        var (root, _) = TestWorkspace.Create("kzbot-discord-sources-");
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(root, "kzbot.db"),
            ["Sources:ManagedFolder"] = Path.Combine(root, "added"),
            ["Sources:AllowedHosts:0"] = "127.0.0.1",

            // Buttons carry no permissions, so the admin is named in the configuration.
            ["Discord:AdminUserIds:0"] = DiscordTestBot.User,
        };
        try
        {
            await using (var bot = await DiscordTestBot.StartAsync(settings: settings, server: server))
            {
                await bot.ConnectAsync();
                var registered = await bot.Server.WaitForRequestAsync(r => r.Method == "PUT" && r.Path.Contains("commands", StringComparison.Ordinal));
                var add = registered.Json.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "add");
                Assert.Equal(["url:3:False", "file:11:False"], add.GetProperty("options").EnumerateArray().Select(o => $"{o.GetProperty("name").GetString()}:{o.GetProperty("type").GetInt32()}:{o.GetProperty("required").GetBoolean()}"));

                var web = LoopbackWeb.Address(cdn);
                const string addFileId = "1300000000000000701";
                await bot.Gateway.DispatchAsync("INTERACTION_CREATE", WithAttachment(Interactions.Command(addFileId, "add"), web + "/attachments/1/2/orvane.txt"), bot.NextSeq());
                var added = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"webhooks/{FakeDiscordServer.AppId}/itoken-{addFileId}"));
                Assert.Equal(5, bot.Server.Requests.Single(r => r.Is("POST", Interactions.Callback(addFileId))).Json.GetProperty("type").GetInt32());
                Assert.Equal(Ephemeral, added.Json.GetProperty("flags").GetInt32());
                Assert.StartsWith("Added ", added.Json.GetProperty("content").GetString(), StringComparison.Ordinal);

                const string addUrlId = "1300000000000000706";
                await bot.Gateway.DispatchAsync("INTERACTION_CREATE", WithOption(Interactions.Command(addUrlId, "add"), "url", web + "/pages/lanterns.md"), bot.NextSeq());
                var addedUrl = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"webhooks/{FakeDiscordServer.AppId}/itoken-{addUrlId}"));
                Assert.StartsWith("Added ", addedUrl.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
                Assert.Contains("Lanterns of Vellmar", addedUrl.Json.GetProperty("content").GetString(), StringComparison.Ordinal);

                Assert.Contains("forty thousand tonnes", await AskAsync(bot, "1300000000000000702", Question), StringComparison.Ordinal);
                var lanterns = await AskAsync(bot, "1300000000000000707", PageQuestion);
                Assert.Contains("eleven countries", lanterns, StringComparison.Ordinal);
                Assert.Contains(web + "/pages/lanterns.md", lanterns, StringComparison.Ordinal);

                var catalog = bot.Services.GetRequiredService<IManagedSourceCatalog>();
                var id = (await catalog.ListAsync(CancellationToken.None)).Single(s => s.Origin == SourceOrigin.Upload).Id;
                const string removeId = "1300000000000000703";
                await bot.Gateway.DispatchAsync("INTERACTION_CREATE", WithOption(Interactions.Command(removeId, "remove"), "id", id), bot.NextSeq());
                var asked = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"webhooks/{FakeDiscordServer.AppId}/itoken-{removeId}"));
                Assert.Equal(Ephemeral, asked.Json.GetProperty("flags").GetInt32());
                var customId = asked.Json.GetProperty("components")[0].GetProperty("components")[0].GetProperty("custom_id").GetString()!;

                const string strangerPress = "1300000000000000704";
                await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Button(strangerPress, customId, OtherUser), bot.NextSeq());
                var refused = await bot.Server.WaitForRequestAsync(r => r.Is("POST", Interactions.Callback(strangerPress)));
                Assert.Equal("Only the admin who asked can confirm this.", refused.Json.GetProperty("data").GetProperty("content").GetString());
                Assert.Equal(2, (await catalog.ListAsync(CancellationToken.None)).Count);

                const string adminPress = "1300000000000000705";
                await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Button(adminPress, customId), bot.NextSeq());
                var removed = await bot.Server.WaitForRequestAsync(r => r.Is("POST", Interactions.Callback(adminPress)));
                Assert.StartsWith($"Removed {id}", removed.Json.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
                Assert.Equal(Ephemeral, removed.Json.GetProperty("data").GetProperty("flags").GetInt32());
                Assert.DoesNotContain("forty thousand tonnes", await AskAsync(bot, "1300000000000000708", Question), StringComparison.Ordinal);
            }

            // A new process on the same store and folder: the link is still there and cited, the file still gone.
            await using var restarted = await DiscordTestBot.StartAsync(settings: settings, server: server);
            await restarted.ConnectAsync();
            var kept = Assert.Single(await restarted.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None));
            Assert.Equal(SourceOrigin.Url, kept.Origin);
            Assert.Contains("eleven countries", await AskAsync(restarted, "1300000000000000709", PageQuestion), StringComparison.Ordinal);
            Assert.DoesNotContain("forty thousand tonnes", await AskAsync(restarted, "1300000000000000710", Question), StringComparison.Ordinal);
        }
        finally
        {
            TestWorkspace.Delete(root);
        }
    }

    private static async Task<string> AskAsync(DiscordTestBot bot, string interactionId, string question)
    {
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(interactionId, "ask", question), bot.NextSeq());
        var answer = await bot.Server.WaitForRequestAsync(r => r.Is("PATCH", Interactions.Original(interactionId)));
        return answer.Json.GetProperty("content").GetString()!;
    }

    private static string WithOption(string interaction, string name, string value) =>
        interaction.Replace("\"type\":1}", $$"""
            "type":1,"options":[{"name":"{{name}}","type":3,"value":{{System.Text.Json.JsonSerializer.Serialize(value)}}}]}
            """.Trim(), StringComparison.Ordinal);

    private static string WithAttachment(string interaction, string url)
    {
        var size = Encoding.UTF8.GetByteCount(FileText);
        var attachment = "{\"id\":\"555\",\"filename\":\"orvane.txt\",\"size\":" + size + ",\"url\":\"" + url + "\",\"content_type\":\"text/plain; charset=utf-8\"}";
        var options = "\"type\":1,\"options\":[{\"name\":\"file\",\"type\":11,\"value\":\"555\"}],\"resolved\":{\"attachments\":{\"555\":" + attachment + "}}}";
        return interaction.Replace("\"type\":1}", options, StringComparison.Ordinal);
    }
}
