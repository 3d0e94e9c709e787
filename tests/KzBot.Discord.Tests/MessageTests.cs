using KzBot.Core.Answering;
using KzBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Discord.Tests;

/// <summary>Which messages the bot answers, and what its answers look like on the wire.</summary>
public sealed class MessageTests
{
    private const string Question = "Did Kazakhstan recognise Donetsk and Luhansk?";
    private const string Channel = DiscordTestBot.Channel;

    [Fact]
    public async Task A_mention_is_answered_as_a_reply_with_sources_buttons_and_no_pings()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        var id = await bot.SendMessageAsync(Question, mention: true);

        var reply = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"));
        var body = reply.Json;
        var content = body.GetProperty("content").GetString()!;
        Assert.Contains("would not recognise", content, StringComparison.Ordinal);
        Assert.Contains("[1]", content, StringComparison.Ordinal);
        Assert.Contains("**Sources**", content, StringComparison.Ordinal);
        Assert.Equal("""{"parse":[]}""", body.GetProperty("allowed_mentions").GetRawText());
        Assert.Equal(id, body.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.True(body.GetProperty("enforce_nonce").GetBoolean());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("nonce").GetString()));
        var buttons = body.GetProperty("components")[0].GetProperty("components").EnumerateArray().Select(b => b.GetProperty("custom_id").GetString()!).ToList();
        Assert.Collection(buttons, b => Assert.StartsWith("fb:up:", b), b => Assert.StartsWith("fb:down:", b), b => Assert.StartsWith("src:", b));

        // "Typing…" went out before the answer.
        var typing = bot.Server.Requests.Single(r => r.Is("POST", $"channels/{Channel}/typing"));
        Assert.True(typing.Timestamp <= reply.Timestamp);
    }

    [Fact]
    public async Task A_mention_of_the_bots_managed_role_is_answered_with_the_mention_stripped()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        const string role = "950000000000000001";
        var guild = "{\"id\":\"" + DiscordTestBot.Guild + "\",\"owner_id\":\"1\",\"roles\":[{\"id\":\"" + DiscordTestBot.Guild +
            "\",\"permissions\":\"0\",\"managed\":false},{\"id\":\"" + role + "\",\"permissions\":\"0\",\"managed\":true,\"tags\":{\"bot_id\":\"" + FakeDiscordServer.BotId + "\"}}]}";
        await bot.Gateway.DispatchAsync("GUILD_CREATE", guild, bot.NextSeq());
        await bot.SendMessageAsync($"<@&{role}> {Question}");

        await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"));
        var asked = await bot.Log.GetLatestAnswerAsync("discord", Channel, DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(Question, asked!.Question);
    }

    [Fact]
    public async Task A_direct_message_is_answered()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        await bot.SendMessageAsync(Question, channel: "1200000000000000555", dm: true);

        var reply = await bot.Server.WaitForRequestAsync(r => r.Is("POST", "channels/1200000000000000555/messages"));
        Assert.Contains("would not recognise", reply.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unaddressed_guild_messages_and_messages_from_bots_or_itself_are_ignored()
    {
        // One worker: events are handled in order, so once the last one is answered the others have been seen.
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:Workers"] = "1" });
        await bot.ConnectAsync();
        await bot.SendMessageAsync(Question);
        await bot.SendMessageAsync("/help");
        await bot.SendMessageAsync(Question, mention: true, author: "1000000000000000077", authorIsBot: true);
        await bot.SendMessageAsync(Question, mention: true, author: FakeDiscordServer.BotId);
        var addressed = await bot.SendMessageAsync(Question, mention: true);

        var reply = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"));
        Assert.Equal(addressed, reply.Json.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.Single(bot.Server.MessagesTo(Channel));
        Assert.Single(bot.Server.Requests, r => r.Is("POST", $"channels/{Channel}/typing"));
    }

    [Fact]
    public async Task A_reply_to_the_bots_message_is_answered_without_a_mention()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        await bot.SendMessageAsync(Question, referencedAuthor: FakeDiscordServer.BotId);

        await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"));
    }

    [Fact]
    public async Task A_reply_to_one_of_the_bots_answers_follows_up_on_that_answer()
    {
        SpyComposer? spy = null;
        // One worker: the first answer is fully sent (and its message id remembered) before the reply is read.
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:Workers"] = "1" }, services: s => s.AddSingleton<IAnswerComposer>(sp =>
            spy = new SpyComposer(sp.GetRequiredService<ExtractiveComposer>())));
        await bot.ConnectAsync();
        await bot.SendMessageAsync(Question, mention: true);
        await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"));
        // The fake gives each created message an id; our answer is the last one it handed out.
        var answerMessage = (1400000000000000000 + bot.Server.MessagesTo(Channel).Count).ToString(System.Globalization.CultureInfo.InvariantCulture);

        await bot.SendMessageAsync("Who is the president of Kazakhstan?", referencedAuthor: FakeDiscordServer.BotId, referencedId: answerMessage);
        await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"), count: 2);

        var requests = spy!.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].AnswerId, requests[1].Previous?.AnswerId);
    }

    [Fact]
    public async Task Every_message_in_an_answer_all_channel_is_answered()
    {
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:AnswerAllChannelIds:0"] = Channel });
        await bot.ConnectAsync();
        await bot.SendMessageAsync(Question);

        await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"));
    }

    [Fact]
    public async Task Blank_messages_in_an_answer_all_channel_without_the_content_intent_get_no_reply()
    {
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:AnswerAllChannelIds:0"] = Channel, ["Discord:Workers"] = "1" });
        await bot.ConnectAsync();
        await bot.SendMessageAsync("");
        var asked = await bot.SendMessageAsync(Question);

        var reply = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"));
        Assert.Equal(asked, reply.Json.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.Single(bot.Server.MessagesTo(Channel));
    }

    [Fact]
    public async Task Everyone_in_a_question_or_a_source_pings_nobody()
    {
        var cite = ScriptedComposer.Cite(1, title: "@everyone news", quote: "@here <@&950000000000000001> read this");
        await using var bot = await DiscordTestBot.StartAsync(services: s => s.AddSingleton<IAnswerComposer>(new ScriptedComposer("@everyone look [1]", cite)));
        await bot.ConnectAsync();
        await bot.SendMessageAsync("@everyone " + Question, mention: true);

        var reply = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"));
        Assert.Contains("@everyone", reply.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"parse":[]}""", reply.Json.GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public async Task A_2500_character_answer_is_sent_as_two_valid_messages()
    {
        var paragraph = string.Join(' ', Enumerable.Repeat("Kazakhstan kept its distance from the war in Ukraine.", 8)) + " [1]";
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 6));
        Assert.InRange(text.Length, 2400, 2700);
        await using var bot = await DiscordTestBot.StartAsync(services: s => s.AddSingleton<IAnswerComposer>(new ScriptedComposer(text, ScriptedComposer.Cite(1))));
        await bot.ConnectAsync();
        var id = await bot.SendMessageAsync(Question, mention: true);

        await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"), count: 2);
        var parts = bot.Server.MessagesTo(Channel).Select(r => r.Json).ToList();
        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.InRange(p.GetProperty("content").GetString()!.Length, 1, 2000));
        Assert.All(parts, p => Assert.Equal("""{"parse":[]}""", p.GetProperty("allowed_mentions").GetRawText()));
        Assert.EndsWith("[1]", parts[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, parts[0].GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.False(parts[0].TryGetProperty("components", out _));
        Assert.True(parts[1].TryGetProperty("components", out _));
        Assert.NotEqual(parts[0].GetProperty("nonce").GetString(), parts[1].GetProperty("nonce").GetString());
    }

    [Fact]
    public async Task A_user_over_the_question_limit_gets_a_friendly_reply()
    {
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["RateLimits:QuestionsPerWindow"] = "1", ["Discord:Workers"] = "1" });
        await bot.ConnectAsync();
        await bot.SendMessageAsync(Question, mention: true);
        await bot.SendMessageAsync(Question, mention: true);

        var second = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{Channel}/messages"), count: 2);
        Assert.Contains("please wait", second.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hundred_questions_from_twenty_channels_are_each_answered_once()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        var asked = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            asked.Add(await bot.SendMessageAsync(Question, channel: (1200000000000002000 + (i % 20)).ToString(System.Globalization.CultureInfo.InvariantCulture), mention: true));
        }

        await bot.Server.WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal), count: 100, timeout: TimeSpan.FromSeconds(30));
        var answered = bot.Server.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal))
            .Select(r => r.Json.GetProperty("message_reference").GetProperty("message_id").GetString()).ToList();
        Assert.Equal(asked.Order(), answered.Order());
    }

    [Fact]
    public async Task The_token_never_appears_in_logs()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        await bot.SendMessageAsync(Question, mention: true);
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command("1300000000000000601", "ask", Question), bot.NextSeq());
        await bot.Server.WaitForRequestAsync(r => r.Is("PATCH", Interactions.Original("1300000000000000601")));
        await bot.Gateway.CloseAsync(4004);
        await Eventually.UntilAsync(() => bot.Status.FatalErrors.Count > 0, "no fatal error");

        var logs = bot.Logs.GetSnapshot();
        Assert.NotEmpty(logs);
        Assert.All(logs, l =>
        {
            Assert.DoesNotContain(DiscordTestBot.Token, l.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("itoken-", l.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(DiscordTestBot.Token, l.Exception?.ToString() ?? "", StringComparison.Ordinal);
        });
    }
}
