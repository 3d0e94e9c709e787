using System.Globalization;
using KzBot.Core.Answering;
using KzBot.Core.Storage;
using KzBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Discord.Tests;

/// <summary>Which answer each bot message carries is kept in the store: follow-ups and feedback survive a restart.</summary>
public sealed class AnswerMapTests
{
    private const string Question = "Did Kazakhstan recognise Donetsk and Luhansk?";
    private const string Channel = DiscordTestBot.Channel;
    private const int Ephemeral = 64;

    [Fact]
    public async Task A_reply_to_an_answer_sent_before_a_restart_follows_up_on_that_answer()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        var (root, _) = TestWorkspace.Create("kzbot-discord-restart-");
        var settings = new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(root, "kzbot.db"), ["Discord:Workers"] = "1" };
        try
        {
            string firstAnswerId;
            string answerMessage;
            await using (var before = await DiscordTestBot.StartAsync(settings: settings, server: server))
            {
                await before.ConnectAsync();
                await before.SendMessageAsync(Question, mention: true);
                var reply = await server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"));
                firstAnswerId = reply.Json.GetProperty("components")[0].GetProperty("components")[0].GetProperty("custom_id").GetString()!["fb:up:".Length..];
                // The fake gives each created message an id; our answer is the last one it handed out.
                answerMessage = (1400000000000000000 + server.MessagesTo(Channel).Count).ToString(CultureInfo.InvariantCulture);
                var map = before.Services.GetRequiredService<IAnswerMessageMap>();
                await Eventually.UntilAsync(
                    () => map.FindAnswerByMessageAsync("discord", Channel, answerMessage, default).GetAwaiter().GetResult() == firstAnswerId,
                    "the answer message was not recorded");
            }

            SpyComposer? spy = null;
            await using var after = await DiscordTestBot.StartAsync(settings: settings, server: server, services: s => s.AddSingleton<IAnswerComposer>(sp =>
                spy = new SpyComposer(sp.GetRequiredService<ExtractiveComposer>())));
            await after.ConnectAsync();
            await after.SendMessageAsync("Who is the president of Kazakhstan?", referencedAuthor: FakeDiscordServer.BotId, referencedId: answerMessage);
            await server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"), count: 2);

            Assert.Equal(firstAnswerId, Assert.Single(spy!.Requests).Previous?.AnswerId);
        }
        finally
        {
            TestWorkspace.Delete(root);
        }
    }

    [Fact]
    public async Task Feedback_on_an_answer_that_does_not_exist_is_refused_and_not_stored()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        const string id = "1300000000000000620";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Button(id, "fb:up:nosuchanswer1"), bot.NextSeq());

        var callback = (await bot.Server.WaitForRequestAsync(r => r.Is("POST", Interactions.Callback(id)))).Json.GetProperty("data");
        Assert.Equal("That answer is no longer available.", callback.GetProperty("content").GetString());
        Assert.Equal(Ephemeral, callback.GetProperty("flags").GetInt32());
        Assert.Null(await bot.Log.GetFeedbackAsync("nosuchanswer1", "discord", DiscordTestBot.User, CancellationToken.None));
    }
}
