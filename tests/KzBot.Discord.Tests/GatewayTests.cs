using System.Text.Json;
using KzBot.Discord.Gateway;
using KzBot.Discord.Tests.Fakes;

namespace KzBot.Discord.Tests;

/// <summary>The gateway protocol against the fake: identify, heartbeats, resume, re-identify and the fatal close codes.</summary>
public sealed class GatewayTests
{
    private const string Question = "Did Kazakhstan recognise Donetsk and Luhansk?";

    [Theory]
    [InlineData(false, 4609)]
    [InlineData(true, 37377)]
    public async Task Identify_carries_token_intents_and_shard_and_READY_registers_the_slash_commands(bool messageContent, int intents)
    {
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:MessageContentIntent"] = messageContent.ToString() });
        var identify = (await bot.ConnectAsync()).GetProperty("d");

        Assert.Equal(DiscordTestBot.Token, identify.GetProperty("token").GetString());
        Assert.Equal(intents, identify.GetProperty("intents").GetInt32());
        Assert.Equal("[0,1]", identify.GetProperty("shard").GetRawText());
        Assert.Equal("kzbot", identify.GetProperty("properties").GetProperty("browser").GetString());
        Assert.Equal("?v=10&encoding=json", bot.Gateway.Query);

        var put = await bot.Server.WaitForRequestAsync(r => r.Is("PUT", $"applications/{FakeDiscordServer.AppId}/commands"));
        var commands = put.Json.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["add", "ask", "help", "refresh", "reload", "remove", "sources", "stats", "why"], commands.Keys.Order());
        Assert.Equal("32", commands["reload"].GetProperty("default_member_permissions").GetString());
        Assert.Equal("32", commands["stats"].GetProperty("default_member_permissions").GetString());
        Assert.False(commands["ask"].TryGetProperty("default_member_permissions", out _));
        Assert.True(commands["ask"].GetProperty("options")[0].GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task Commands_go_to_the_dev_guild_when_one_is_configured()
    {
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:DevGuildId"] = DiscordTestBot.Guild });
        await bot.ConnectAsync();
        await bot.Server.WaitForRequestAsync(r => r.Is("PUT", $"applications/{FakeDiscordServer.AppId}/guilds/{DiscordTestBot.Guild}/commands"));
    }

    [Fact]
    public async Task First_heartbeat_is_jittered_and_carries_null_then_the_last_sequence()
    {
        await using var bot = await DiscordTestBot.StartAsync(fakeTime: true);
        var gw = bot.Gateway = await bot.Server.NextConnectionAsync();
        await gw.HelloAsync(40_000);
        await gw.ExpectAsync(2);

        // The first beat is due somewhere within one interval, and before any dispatch its d is null.
        var first = await bot.AdvanceUntilAsync(gw.ExpectAsync(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(41));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("d").ValueKind);

        await gw.DispatchAsync("READY", bot.ReadyJson(), 5);
        await bot.SendMessageAsync("hello", seq: 6);
        var second = await bot.AdvanceUntilAsync(gw.ExpectAsync(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(41));
        Assert.Equal(6, second.GetProperty("d").GetInt64());
    }

    [Fact]
    public async Task A_heartbeat_request_is_answered_at_once()
    {
        await using var bot = await DiscordTestBot.StartAsync(fakeTime: true);
        await bot.ConnectAsync();

        // No time passes: only the request can trigger this beat.
        await bot.Gateway.SendAsync("""{"op":1,"d":null}""");
        var beat = await bot.Gateway.ExpectAsync(1);
        Assert.Equal(1, beat.GetProperty("d").GetInt64());
    }

    [Fact]
    public async Task Missing_ACK_closes_with_a_resumable_code_and_resumes_and_a_replayed_event_is_answered_once()
    {
        await using var bot = await DiscordTestBot.StartAsync(fakeTime: true);
        await bot.ConnectAsync(40_000, autoAck: false);
        var gw = bot.Gateway;
        var seq = bot.NextSeq();
        var asked = await bot.SendMessageAsync(Question, mention: true, seq: seq);
        await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{DiscordTestBot.Channel}/messages"));

        // One beat goes unanswered; at the next tick the client gives up on the connection.
        var closed = await bot.AdvanceUntilAsync(gw.ClientClosed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(90));
        Assert.NotNull(closed);
        Assert.NotEqual(1000, closed);
        Assert.NotEqual(1001, closed);

        var resumed = await bot.Server.NextConnectionAsync();
        Assert.Equal("/resume", resumed.Path);
        Assert.Equal("?v=10&encoding=json", resumed.Query);
        await resumed.HelloAsync(40_000);
        var resume = (await resumed.ExpectAsync(6)).GetProperty("d");
        Assert.Equal("session-1", resume.GetProperty("session_id").GetString());
        Assert.Equal(seq, resume.GetProperty("seq").GetInt64());
        Assert.Equal(DiscordTestBot.Token, resume.GetProperty("token").GetString());

        // Discord replays the event it thinks we missed, then sends what is new.
        await resumed.DispatchAsync("MESSAGE_CREATE", DiscordTestBot.MessageJson(asked, Question, DiscordTestBot.Channel, mention: true), seq);
        await resumed.DispatchAsync("RESUMED", "{}", bot.NextSeq());
        var second = bot.NewMessageId();
        await resumed.DispatchAsync("MESSAGE_CREATE", DiscordTestBot.MessageJson(second, Question, "1200000000000000999", mention: true), bot.NextSeq());

        await bot.Server.WaitForRequestAsync(r => r.Is("POST", "channels/1200000000000000999/messages"));
        Assert.Single(bot.Server.MessagesTo(DiscordTestBot.Channel));
        Assert.Equal(2, bot.Server.ConnectionCount);
    }

    [Fact]
    public async Task Reconnect_request_resumes_on_the_resume_url()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        await bot.Gateway.SendAsync("""{"op":7,"d":null}""");

        var code = await bot.Gateway.ClientClosed;
        Assert.NotEqual(1000, code);
        var next = await bot.Server.NextConnectionAsync();
        Assert.Equal("/resume", next.Path);
        await next.HelloAsync();
        await next.ExpectAsync(6);
    }

    [Fact]
    public async Task Invalid_session_true_resumes()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        await bot.Gateway.SendAsync("""{"op":9,"d":true}""");

        var next = await bot.Server.NextConnectionAsync();
        Assert.Equal("/resume", next.Path);
        await next.HelloAsync();
        await next.ExpectAsync(6);
    }

    [Fact]
    public async Task Invalid_session_false_identifies_afresh_on_the_cached_gateway_url_after_a_wait()
    {
        await using var bot = await DiscordTestBot.StartAsync(fakeTime: true);
        await bot.ConnectAsync();
        var invalidatedAt = bot.Clock!.GetUtcNow();
        await bot.Gateway.SendAsync("""{"op":9,"d":false}""");

        var next = await bot.AdvanceUntilAsync(bot.Server.NextConnectionAsync(), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
        Assert.True(bot.Clock.GetUtcNow() - invalidatedAt >= TimeSpan.FromSeconds(1), "identified again without waiting");
        Assert.Equal("/gateway", next.Path);
        await next.HelloAsync();
        await next.ExpectAsync(2);
        Assert.Single(bot.Server.Requests, r => r.Is("GET", "gateway/bot"));
    }

    [Theory]
    [InlineData(4000, "/resume", 6)]
    [InlineData(4008, "/resume", 6)]
    [InlineData(4007, "/gateway", 2)]
    [InlineData(4009, "/gateway", 2)]
    [InlineData(1000, "/gateway", 2)]
    public async Task Close_codes_resume_or_identify_as_Discord_documents(int code, string path, int op)
    {
        await using var bot = await DiscordTestBot.StartAsync(fakeTime: true);
        await bot.ConnectAsync();
        await bot.Gateway.CloseAsync(code);

        var next = await bot.AdvanceUntilAsync(bot.Server.NextConnectionAsync(), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        Assert.Equal(path, next.Path);
        await next.HelloAsync();
        await next.ExpectAsync(op);
    }

    [Fact]
    public async Task A_dropped_connection_without_a_close_frame_resumes()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        bot.Gateway.Abort();

        var next = await bot.Server.NextConnectionAsync();
        Assert.Equal("/resume", next.Path);
        await next.HelloAsync();
        await next.ExpectAsync(6);
    }

    [Theory]
    [InlineData(4004, "Discord:BotToken")]
    [InlineData(4014, "Message Content Intent")]
    [InlineData(4013, "intents")]
    public async Task Fatal_close_codes_stop_the_shard_with_a_clear_message_and_no_reconnect(int code, string hint)
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        await bot.Gateway.CloseAsync(code);

        await Eventually.UntilAsync(() => bot.Status.FatalErrors.ContainsKey(0), "the shard did not report a fatal error");
        Assert.Contains(hint, bot.Status.FatalErrors[0], StringComparison.Ordinal);
        Assert.Contains(bot.Logs.GetSnapshot(), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Critical && l.Message.Contains(hint, StringComparison.Ordinal));
        // The runner has returned: there is nothing left that could reconnect.
        Assert.Equal(1, bot.Server.ConnectionCount);
    }

    [Fact]
    public async Task A_READY_split_over_many_frames_is_reassembled()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        var gw = await bot.Server.NextConnectionAsync();
        await gw.HelloAsync();
        await gw.ExpectAsync(2);
        var guilds = string.Join(',', Enumerable.Range(0, 8000).Select(i => $$"""{"id":"{{900000000000100000 + i}}","unavailable":true}"""));
        var ready = $$"""{"op":0,"s":1,"t":"READY","d":{{bot.ReadyJson(guilds)}}}""";
        Assert.True(ready.Length > 300_000);
        await gw.SendFragmentedAsync(ready, 4096);

        // Answering a mention proves READY was read: the bot knows its own id.
        await gw.DispatchAsync("MESSAGE_CREATE", DiscordTestBot.MessageJson("1300000000000000777", Question, DiscordTestBot.Channel, mention: true), 2);
        await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{DiscordTestBot.Channel}/messages"));
    }

    [Fact]
    public async Task Shards_identify_one_per_five_seconds_under_max_concurrency_1()
    {
        await using var bot = await DiscordTestBot.StartAsync(fakeTime: true, settings: new() { ["Discord:ShardCount"] = "2" });
        var first = await bot.Server.NextConnectionAsync();
        var started = bot.Clock!.GetUtcNow();
        await first.HelloAsync();
        var shard0 = (await first.ExpectAsync(2)).GetProperty("d").GetProperty("shard").GetRawText();

        var second = await bot.AdvanceUntilAsync(bot.Server.NextConnectionAsync(), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        Assert.True(bot.Clock.GetUtcNow() - started >= TimeSpan.FromSeconds(5), "the second shard identified inside the 5 s window");
        await second.HelloAsync();
        var shard1 = (await second.ExpectAsync(2)).GetProperty("d").GetProperty("shard").GetRawText();
        Assert.Equal(["[0,2]", "[1,2]"], new[] { shard0, shard1 }.Order());
    }

    [Fact]
    public async Task A_process_configured_for_one_shard_runs_only_that_shard()
    {
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:ShardId"] = "1", ["Discord:ShardCount"] = "3" });
        var identify = await bot.ConnectAsync();
        Assert.Equal("[1,3]", identify.GetProperty("d").GetProperty("shard").GetRawText());
        Assert.Equal(1, bot.Server.ConnectionCount);
    }

    [Fact]
    public async Task Shutdown_closes_with_a_resumable_code_so_the_session_survives_a_restart()
    {
        var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        var gw = bot.Gateway;
        await bot.DisposeAsync();
        var code = await gw.ClientClosed;
        Assert.NotEqual(1000, code);
        Assert.NotEqual(1001, code);
        Assert.NotEqual(CloseAction.Fatal, GatewayCloseCodes.Classify(code));
    }
}
