using KzBot.Telegram.Tests.Fakes;

namespace KzBot.Telegram.Tests;

public sealed class GroupChatTests
{
    private const long Group = TelegramRig.GroupId;

    [Fact]
    public async Task In_a_group_only_ask_mentions_and_replies_to_the_bot_are_answered()
    {
        await using var rig = await TelegramRig.StartAsync();
        var ignored = Tg.Group(Group, 7, "Did Kazakhstan recognise Donetsk and Luhansk?");
        var mention = Tg.Group(Group, 7, "@KzTestBot how did Kazakhstan vote on the UN resolution condemning the invasion?");
        var replyToOther = Tg.Group(Group, 7, "Where did the first humanitarian aid planes arrive?", replyTo: Tg.Group(Group, 8, "hi"));
        var replyToBot = Tg.Group(Group, 7, "Where did the first humanitarian aid planes arrive?", replyTo: Tg.FromBot(Group, 5, "an earlier answer"));
        var ask = Tg.Group(Group, 7, "/ask How many troops did Russia send to Kazakhstan in January?");
        foreach (var m in new[] { ignored, mention, replyToOther, replyToBot, ask })
        {
            rig.Api.PushMessage(m);
        }

        var sent = (await rig.Api.WaitForSentAsync(Group, 3, "three answers")).Where(c => c.Method == "sendMessage").ToList();

        Assert.Equal(
            [mention["message_id"]!.GetValue<int>(), replyToBot["message_id"]!.GetValue<int>(), ask["message_id"]!.GetValue<int>()],
            sent.Select(c => c.Body["reply_parameters"]!["message_id"]!.GetValue<int>()));
        Assert.Contains("abstained", sent[0].Text);
        Assert.Contains("Katowice", sent[1].Text);
        Assert.Contains("2,000 troops", sent[2].Text);

        // Typing is shown only for the messages that get answers.
        Assert.Equal(3, rig.Api.CallsTo("sendChatAction").Count);
    }

    [Fact]
    public async Task Commands_work_with_and_without_the_bot_name_and_commands_for_other_bots_are_ignored()
    {
        await using var rig = await TelegramRig.StartAsync();
        var otherBot = Tg.Group(Group, 7, "/ask@OtherBot Did Kazakhstan recognise Donetsk?");
        var named = Tg.Group(Group, 7, "/ask@KzTestBot Did Kazakhstan recognise Donetsk and Luhansk?");
        var namedCaps = Tg.Group(Group, 7, "/HELP@kztestbot");
        var bare = Tg.Group(Group, 7, "/sources");
        foreach (var m in new[] { otherBot, named, namedCaps, bare })
        {
            rig.Api.PushMessage(m);
        }

        var sent = (await rig.Api.WaitForSentAsync(Group, 3, "three replies")).Where(c => c.Method == "sendMessage").ToList();

        Assert.Equal(3, sent.Count);
        Assert.Contains("would not recognise", sent[0].Text);
        Assert.Contains("How to ask", sent[1].Text);
        Assert.Contains("indexed source", sent[2].Text);
        Assert.DoesNotContain(sent, c => c.Body["reply_parameters"]!["message_id"]!.GetValue<int>() == otherBot["message_id"]!.GetValue<int>());
    }
}
