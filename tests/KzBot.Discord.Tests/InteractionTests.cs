using KzBot.Discord.Tests.Fakes;

namespace KzBot.Discord.Tests;

/// <summary>Slash commands and buttons: acknowledged once and in time, admin checks on the server side, audit, feedback.</summary>
public sealed class InteractionTests
{
    private const string Question = "Did Kazakhstan recognise Donetsk and Luhansk?";
    private const int Ephemeral = 64;

    [Fact]
    public async Task Ask_is_deferred_then_completed_by_editing_the_original_response()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        const string id = "1300000000000000601";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(id, "ask", Question), bot.NextSeq());

        var edit = await bot.Server.WaitForRequestAsync(r => r.Is("PATCH", Interactions.Original(id)));
        var callback = Assert.Single(bot.Server.Requests, r => r.Is("POST", Interactions.Callback(id)));
        Assert.Equal(5, callback.Json.GetProperty("type").GetInt32());
        Assert.Null(callback.Authorization);
        Assert.True(callback.Timestamp < edit.Timestamp);
        Assert.Contains("would not recognise", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"parse":[]}""", edit.Json.GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public async Task Help_is_answered_at_once_and_publicly()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        const string id = "1300000000000000602";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(id, "help"), bot.NextSeq());

        var callback = await bot.Server.WaitForRequestAsync(r => r.Is("POST", Interactions.Callback(id)));
        Assert.Equal(4, callback.Json.GetProperty("type").GetInt32());
        var data = callback.Json.GetProperty("data");
        Assert.Contains("/ask", data.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.False(data.TryGetProperty("flags", out _));
        Assert.Equal("""{"parse":[]}""", data.GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public async Task Reload_from_a_member_without_Manage_Server_is_refused_privately_and_audited()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        const string id = "1300000000000000603";
        // The command was visible to this member (a server admin may have changed its permissions); the check happens here.
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(id, "reload", permissions: "2048"), bot.NextSeq());

        var callback = await bot.Server.WaitForRequestAsync(r => r.Is("POST", Interactions.Callback(id)));
        Assert.Equal(4, callback.Json.GetProperty("type").GetInt32());
        Assert.Equal(Ephemeral, callback.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Contains("admins only", callback.Json.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);

        var audit = Assert.Single(await bot.Log.ListAuditAsync(10, CancellationToken.None));
        Assert.Equal(("discord", DiscordTestBot.User, DiscordTestBot.Guild, DiscordTestBot.Channel, "reload", false), (audit.Platform, audit.UserId, audit.GuildId, audit.ChatId, audit.Command, audit.Allowed));
    }

    [Theory]
    [InlineData("32")]
    [InlineData("8")]
    public async Task Reload_from_a_member_with_Manage_Server_or_Administrator_is_deferred_reported_and_audited(string permissions)
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();
        const string id = "1300000000000000604";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(id, "reload", permissions: permissions), bot.NextSeq());

        var edit = await bot.Server.WaitForRequestAsync(r => r.Is("PATCH", Interactions.Original(id)));
        Assert.Equal(5, bot.Server.Requests.Single(r => r.Is("POST", Interactions.Callback(id))).Json.GetProperty("type").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(edit.Json.GetProperty("content").GetString()));
        var audit = Assert.Single(await bot.Log.ListAuditAsync(10, CancellationToken.None));
        Assert.True(audit.Allowed);
        Assert.Equal("reload", audit.Command);
    }

    [Fact]
    public async Task Stats_from_a_configured_admin_in_a_DM_is_allowed()
    {
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:AdminUserIds:0"] = DiscordTestBot.User });
        await bot.ConnectAsync();
        const string id = "1300000000000000605";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(id, "stats", dm: true), bot.NextSeq());

        var edit = await bot.Server.WaitForRequestAsync(r => r.Is("PATCH", Interactions.Original(id)));
        Assert.Contains("Questions:", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.True(Assert.Single(await bot.Log.ListAuditAsync(10, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task An_interaction_delivered_twice_is_acknowledged_once()
    {
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:Workers"] = "1" });
        await bot.ConnectAsync();
        const string id = "1300000000000000606";
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(id, "help"), bot.NextSeq());
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command(id, "help"), bot.NextSeq());
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Command("1300000000000000607", "help"), bot.NextSeq());

        await bot.Server.WaitForRequestAsync(r => r.Is("POST", Interactions.Callback("1300000000000000607")));
        Assert.Single(bot.Server.Requests, r => r.Is("POST", Interactions.Callback(id)));
    }

    [Fact]
    public async Task Feedback_buttons_store_the_users_last_press_and_show_sources_replies_privately_with_quotes()
    {
        await using var bot = await DiscordTestBot.StartAsync(settings: new() { ["Discord:Workers"] = "1" });
        await bot.ConnectAsync();
        await bot.SendMessageAsync(Question, mention: true);
        var answer = await bot.Server.WaitForRequestAsync(r => r.Is("POST", $"channels/{DiscordTestBot.Channel}/messages"));
        var buttons = answer.Json.GetProperty("components")[0].GetProperty("components").EnumerateArray().Select(b => b.GetProperty("custom_id").GetString()!).ToList();
        var answerId = buttons[0]["fb:up:".Length..];

        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Button("1300000000000000610", buttons[0]), bot.NextSeq());
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Button("1300000000000000611", buttons[1]), bot.NextSeq());
        await bot.Gateway.DispatchAsync("INTERACTION_CREATE", Interactions.Button("1300000000000000612", buttons[2]), bot.NextSeq());

        var sources = await bot.Server.WaitForRequestAsync(r => r.Is("POST", Interactions.Callback("1300000000000000612")));
        Assert.Equal(-1, await bot.Log.GetFeedbackAsync(answerId, "discord", DiscordTestBot.User, CancellationToken.None));
        foreach (var id in new[] { "1300000000000000610", "1300000000000000611" })
        {
            var thanks = bot.Server.Requests.Single(r => r.Is("POST", Interactions.Callback(id))).Json;
            Assert.Equal(Ephemeral, thanks.GetProperty("data").GetProperty("flags").GetInt32());
        }

        var data = sources.Json.GetProperty("data");
        Assert.Equal(Ephemeral, data.GetProperty("flags").GetInt32());
        var embeds = data.GetProperty("embeds").EnumerateArray().ToList();
        Assert.InRange(embeds.Count, 1, 10);
        Assert.StartsWith("> ", embeds[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("recognise", embeds[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        var total = embeds.Sum(e => e.GetProperty("title").GetString()!.Length + e.GetProperty("description").GetString()!.Length + e.GetProperty("footer").GetProperty("text").GetString()!.Length);
        Assert.True(total <= 6000);
    }
}
