using KzBot.Telegram.Tests.Fakes;

namespace KzBot.Telegram.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_user_asking_too_fast_gets_a_friendly_slow_down_reply()
    {
        await using var rig = await TelegramRig.StartAsync(new() { ["RateLimits:QuestionsPerWindow"] = "2" });
        rig.Api.PushMessage(Tg.Private(20, "Did Kazakhstan recognise Donetsk and Luhansk?"));
        rig.Api.PushMessage(Tg.Private(20, "How did Kazakhstan vote on the UN resolution condemning the invasion?"));
        rig.Api.PushMessage(Tg.Private(20, "Where did the first humanitarian aid planes arrive?"));
        rig.Api.PushMessage(Tg.Private(21, "Where did the first humanitarian aid planes arrive?"));

        await rig.Api.WaitForSentAsync(20, 3, "three replies");
        await rig.Api.WaitForSentAsync(21, 1, "the other user's answer");

        var third = rig.Api.Sent(20)[2];
        Assert.Matches(@"^You're asking faster than I can keep up — please wait \d+ s and ask again\.$", third.Text);
        Assert.Null(third.Body["reply_markup"]);
        Assert.Contains("Katowice", rig.Api.Sent(21)[0].Text);
    }
}
