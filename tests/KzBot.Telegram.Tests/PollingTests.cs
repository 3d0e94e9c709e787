using System.Text.Json.Nodes;
using KzBot.Core.Answering;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Telegram.Tests;

public sealed class PollingTests
{
    private static readonly string[] Questions =
    [
        "Did Kazakhstan recognise Donetsk and Luhansk?",
        "How did Kazakhstan vote on the UN resolution condemning the invasion?",
        "How many troops did Russia send to Kazakhstan in January?",
        "Where did the first humanitarian aid planes arrive?",
        "What did Kazakhstan and Uzbekistan send to Ukraine?",
    ];

    [Fact]
    public async Task Polling_starts_by_removing_the_webhook_and_publishing_the_command_menu()
    {
        await using var rig = await TelegramRig.StartAsync();
        await rig.ReadyAsync();
        await rig.Api.WaitForAsync(c => c.Any(x => x.Method == "getUpdates"), "polling");

        var menus = rig.Api.CallsTo("setMyCommands");
        var everyone = Assert.Single(menus, m => m.Body["scope"]?["type"]?.GetValue<string>() is null or "default");
        Assert.Equal(["ask", "sources", "help"], Commands(everyone));
        var admin = Assert.Single(menus, m => m.Body["scope"]?["type"]?.GetValue<string>() == "chat");
        Assert.Equal(TelegramRig.AdminId, admin.Body["scope"]!["chat_id"]!.GetValue<long>());
        Assert.Equal(["ask", "sources", "help", "reload", "add", "remove", "refresh", "why", "stats"], Commands(admin));

        var order = rig.Api.Calls.Select(c => c.Method).ToList();
        Assert.True(order.IndexOf("deleteWebhook") < order.IndexOf("getUpdates"));
        var allowed = rig.Api.CallsTo("getUpdates")[0].Body["allowed_updates"]!.AsArray().Select(a => a!.GetValue<string>());
        Assert.Equal(["message", "callback_query"], allowed);
    }

    [Fact]
    public async Task When_getUpdates_fails_for_a_while_polling_backs_off_and_recovers_without_losing_or_repeating_updates()
    {
        // The first four polls fail before anything else can happen.
        var failuresLeft = 4;
        await using var rig = await TelegramRig.StartAsync(beforeStart: api => api.Fault = call =>
            call.Method == "getUpdates" && Interlocked.Decrement(ref failuresLeft) >= 0
                ? new FakeError(502, "Bad Gateway")
                : null);
        for (var i = 0; i < 3; i++)
        {
            rig.Api.PushMessage(Tg.Private(70 + i, Questions[i]));
        }

        await rig.Api.WaitForAsync(c => Enumerable.Range(70, 3).All(chat => c.Any(x => x.Method == "sendMessage" && x.ChatId == chat)), "the first answers");
        var pollsSoFar = rig.Api.CallsTo("getUpdates").Count;

        // A second outage in the middle of the conversation: the marker ends the pending poll, the next three fail.
        Volatile.Write(ref failuresLeft, 3);
        rig.Api.PushMessage(Tg.Private(78, "/help"));
        for (var i = 3; i < 5; i++)
        {
            rig.Api.PushMessage(Tg.Private(70 + i, Questions[i]));
        }

        await rig.Api.WaitForAsync(c => Enumerable.Range(70, 5).All(chat => c.Any(x => x.Method == "sendMessage" && x.ChatId == chat)), "every answer");

        // Give a duplicate delivery the chance to show up before counting.
        rig.Api.PushMessage(Tg.Private(79, "/help"));
        await rig.Api.WaitForSentAsync(79, 1, "the marker");
        Assert.All(Enumerable.Range(70, 5), chat => Assert.Single(rig.Api.Sent(chat)));
        Assert.Single(rig.Api.Sent(78));

        // Four failures then one success; backing off means no flurry of extra polls.
        Assert.InRange(pollsSoFar, 5, 8);
        Assert.True(Volatile.Read(ref failuresLeft) < 0, "the second outage happened");
    }

    [Fact]
    public async Task Long_polls_that_time_out_on_the_client_are_not_errors_and_polling_continues()
    {
        await using var rig = await TelegramRig.StartAsync(new() { ["Telegram:PollingTimeout"] = "00:00:01" }, beforeStart: api => api.LongPoll = TimeSpan.FromSeconds(30));

        await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "getUpdates") >= 3, "two polls to time out");
        rig.Api.PushMessage(Tg.Private(75, Questions[0]));
        await rig.Api.WaitForSentAsync(75, 1, "the answer");

        Assert.Equal(1, rig.Api.CallsTo("getUpdates")[0].Body["timeout"]!.GetValue<int>());
        Assert.DoesNotContain(rig.Logs.Lines, l => l.Contains("getUpdates failed", StringComparison.Ordinal) || l.Contains("stopped unexpectedly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hundred_questions_from_twenty_chats_are_each_answered_once_in_per_chat_order()
    {
        await using var rig = await TelegramRig.StartAsync(new() { ["Telegram:MaxConcurrentUpdates"] = "4" });
        var asked = new Dictionary<long, List<int>>();
        for (var round = 0; round < 5; round++)
        {
            for (long chat = 100; chat < 120; chat++)
            {
                var message = Tg.Private(chat, Questions[(int)((round + chat) % Questions.Length)]);
                rig.Api.PushMessage(message);
                (asked.TryGetValue(chat, out var ids) ? ids : asked[chat] = []).Add(message["message_id"]!.GetValue<int>());
            }
        }

        await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage") >= 100, "a hundred answers", TimeSpan.FromSeconds(60));

        foreach (var (chat, ids) in asked)
        {
            var replies = rig.Api.Sent(chat).Select(c => c.Body["reply_parameters"]!["message_id"]!.GetValue<int>());
            Assert.Equal(ids, replies);
        }

        Assert.Equal(100, rig.Api.CallsTo("sendMessage").Count);
    }

    [Fact]
    public async Task A_slow_answer_in_one_chat_does_not_hold_up_other_chats()
    {
        var release = new TaskCompletionSource();
        var composer = new ScriptedComposer(async r =>
        {
            if (r.Question.Contains("slow", StringComparison.Ordinal))
            {
                await release.Task;
            }

            return new Answer(r.AnswerId, r.Question, "Answer to " + r.Question + " [1]", false, [ScriptedComposer.Cite(1)], []);
        });
        await using var rig = await TelegramRig.StartAsync(services: s => s.AddSingleton<IAnswerComposer>(composer));
        rig.Api.PushMessage(Tg.Private(80, "a slow question"));
        rig.Api.PushMessage(Tg.Private(80, "the same chat's next question"));
        rig.Api.PushMessage(Tg.Private(81, "another chat's quick question"));

        await rig.Api.WaitForSentAsync(81, 1, "the other chat's answer");
        Assert.Empty(rig.Api.Sent(80));

        release.SetResult();
        var sent = await rig.Api.WaitForSentAsync(80, 2, "the slow chat's answers");
        Assert.Equal(["Answer to a slow question [1]", "Answer to the same chat's next question [1]"], rig.Api.Sent(80).Select(c => c.Text.Split("\n\n")[0]));
    }

    [Fact]
    public async Task Malformed_and_unexpected_updates_are_ignored_and_the_bot_keeps_answering()
    {
        await using var rig = await TelegramRig.StartAsync();
        var photo = Tg.Private(90, "x");
        photo.Remove("text");
        photo["photo"] = new JsonArray(new JsonObject { ["file_id"] = "f", ["file_unique_id"] = "u", ["width"] = 1, ["height"] = 1 });
        var noSender = Tg.Private(90, "Did Kazakhstan recognise Donetsk?");
        noSender.Remove("from");
        var fromBot = Tg.Private(90, "Did Kazakhstan recognise Donetsk?");
        fromBot["from"]!["is_bot"] = true;
        rig.Api.PushMessage(photo);
        rig.Api.PushMessage(noSender);
        rig.Api.PushMessage(fromBot);
        rig.Api.PushMessage(Tg.Private(90, "\u0000\u0007\u202E"));
        rig.Api.Push(new JsonObject { ["some_future_update"] = new JsonObject { ["id"] = 1 } });
        rig.Api.Push(Tg.Callback(90, "not-ours", 90, 1));
        rig.Api.Push(new JsonObject { ["callback_query"] = new JsonObject { ["id"] = "q", ["from"] = Tg.User(90), ["chat_instance"] = "c" } });
        rig.Api.PushMessage(Tg.Private(90, "Did Kazakhstan recognise Donetsk and Luhansk?"));

        var sent = await rig.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Text.Contains("would not recognise", StringComparison.Ordinal)), "the real question's answer");

        var replies = sent.Where(c => c.Method == "sendMessage").Select(c => c.Text).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Contains("Ask me a question after /ask", replies[0]);
        Assert.Equal(2, sent.Count(c => c.Method == "answerCallbackQuery"));
    }

    [Fact]
    public async Task Updates_already_received_are_still_answered_when_the_bot_stops()
    {
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var composer = new ScriptedComposer(async r =>
        {
            started.TrySetResult();
            await release.Task;
            return new Answer(r.AnswerId, r.Question, "Answer to " + r.Question + " [1]", false, [ScriptedComposer.Cite(1)], []);
        });
        await using var rig = await TelegramRig.StartAsync(services: s => s.AddSingleton<IAnswerComposer>(composer));
        var last = 0;
        foreach (var q in new[] { "first", "second", "third" })
        {
            last = rig.Api.PushMessage(Tg.Private(85, q));
        }

        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await rig.Api.WaitForAsync(c => c.Any(x => x.Method == "getUpdates" && x.Body["offset"]?.GetValue<int>() > last), "all three to be taken from Telegram");

        var stopping = rig.Host.StopAsync();
        release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(["Answer to first [1]", "Answer to second [1]", "Answer to third [1]"], rig.Api.Sent(85).Select(c => c.Text.Split("\n\n")[0]));
    }

    private static IEnumerable<string> Commands(ApiCall call) =>
        call.Body["commands"]!.AsArray().Select(c => c!["command"]!.GetValue<string>());
}
