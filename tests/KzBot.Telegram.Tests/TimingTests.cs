using KzBot.Core.Answering;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Telegram.Tests;

/// <summary>Behaviour that depends on time, driven by a fake clock: nothing here sleeps.</summary>
public sealed class TimingTests
{
    [Fact]
    public async Task A_429_waits_retry_after_and_then_delivers_the_answer_once()
    {
        var clock = new WatchedClock();
        var refused = 0;
        await using var rig = await TelegramRig.StartAsync(
            services: s => s.AddSingleton<TimeProvider>(clock),
            beforeStart: api => api.Fault = call =>
                call.Method == "sendMessage" && Interlocked.Increment(ref refused) == 1
                    ? new FakeError(429, "Too Many Requests: retry after 7", RetryAfter: 7)
                    : null);
        rig.Api.PushMessage(Tg.Private(60, "Did Kazakhstan recognise Donetsk and Luhansk?"));

        await rig.Api.WaitForSentAsync(60, 1, "the first, refused, attempt");
        await clock.WaitForWaitsAsync(TimeSpan.FromSeconds(7));
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Single(rig.Api.Sent(60));

        clock.Advance(TimeSpan.FromSeconds(1));
        var sent = await rig.Api.WaitForSentAsync(60, 2, "the retry");

        var attempts = sent.Where(c => c.Method == "sendMessage").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].Text, attempts[1].Text);
        Assert.Contains("would not recognise", attempts[1].Text);
    }

    [Fact]
    public async Task Typing_is_repeated_every_four_seconds_while_the_answer_is_composed_and_stops_after()
    {
        var clock = new WatchedClock();
        var release = new TaskCompletionSource();
        var composer = new ScriptedComposer(async r =>
        {
            await release.Task;
            return new Answer(r.AnswerId, r.Question, "It took a while [1].", false, [ScriptedComposer.Cite(1)], []);
        });
        await using var rig = await TelegramRig.StartAsync(services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<IAnswerComposer>(composer);
        });
        var interval = TimeSpan.FromSeconds(4);
        rig.Api.PushMessage(Tg.Private(61, "A slow question about Kazakhstan"));

        await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "sendChatAction") == 1, "the first typing");
        await clock.WaitForWaitsAsync(interval, 1);
        clock.Advance(interval);
        await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "sendChatAction") == 2, "the second typing");
        await clock.WaitForWaitsAsync(interval, 2);
        clock.Advance(interval);
        await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "sendChatAction") == 3, "the third typing");
        Assert.Empty(rig.Api.Sent(61));

        release.SetResult();
        await rig.Api.WaitForSentAsync(61, 1, "the answer");
        clock.Advance(interval * 3);

        // A marker message through the same chat proves later work ran, so a stray typing would have shown up.
        rig.Api.PushMessage(Tg.Private(61, "/sources"));
        await rig.Api.WaitForSentAsync(61, 2, "the marker reply");
        Assert.Equal(3, rig.Api.CallsTo("sendChatAction").Count);
    }
}
