using KzBot.Telegram.Tests.Fakes;

namespace KzBot.Telegram.Tests;

public sealed class FeedbackTests
{
    [Fact]
    public async Task Pressing_thumbs_stores_feedback_last_press_wins_and_the_keyboard_marks_the_choice()
    {
        await using var rig = await TelegramRig.StartAsync();
        rig.Api.PushMessage(Tg.Private(30, "Did Kazakhstan recognise Donetsk and Luhansk?"));
        await rig.Api.WaitForSentAsync(30, 1, "the answer");
        var answerMessageId = rig.Api.NextMessageId() - 1;
        var buttons = rig.Api.Sent(30)[0].Body["reply_markup"]!["inline_keyboard"]![0]!.AsArray();
        var up = buttons[0]!["callback_data"]!.GetValue<string>();
        var down = buttons[1]!["callback_data"]!.GetValue<string>();
        var answerId = up[(up.LastIndexOf(':') + 1)..];
        Assert.NotNull(await rig.Log.GetAnswerAsync(answerId, CancellationToken.None));

        rig.Api.Push(Tg.Callback(30, up, 30, answerMessageId));
        await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "answerCallbackQuery") == 1, "the acknowledgement");
        Assert.Equal(1, await rig.Log.GetFeedbackAsync(answerId, "telegram", "30", CancellationToken.None));

        rig.Api.Push(Tg.Callback(30, down, 30, answerMessageId));
        var calls = await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "answerCallbackQuery") == 2, "the second acknowledgement");
        Assert.Equal(-1, await rig.Log.GetFeedbackAsync(answerId, "telegram", "30", CancellationToken.None));

        var acks = calls.Where(c => c.Method == "answerCallbackQuery").ToList();
        Assert.Contains("Thanks", acks[0].Body["text"]!.GetValue<string>());
        var edits = calls.Where(c => c.Method == "editMessageReplyMarkup").ToList();
        Assert.Equal(2, edits.Count);
        Assert.All(edits, e => Assert.Equal(answerMessageId, e.Body["message_id"]!.GetValue<int>()));
        Assert.Equal(["👍 ✓", "👎"], Labels(edits[0]));
        Assert.Equal(["👍", "👎 ✓"], Labels(edits[1]));
    }

    [Fact]
    public async Task A_press_for_an_unknown_answer_is_acknowledged_and_stores_nothing()
    {
        await using var rig = await TelegramRig.StartAsync();
        rig.Api.Push(Tg.Callback(31, "fb:+:nosuchanswer", 31, 5));

        var calls = await rig.Api.WaitForAsync(c => c.Any(x => x.Method == "answerCallbackQuery"), "the acknowledgement");

        Assert.Contains("no longer available", calls.Single(c => c.Method == "answerCallbackQuery").Body["text"]!.GetValue<string>());
        Assert.Null(await rig.Log.GetFeedbackAsync("nosuchanswer", "telegram", "31", CancellationToken.None));
        Assert.DoesNotContain(calls, c => c.Method == "editMessageReplyMarkup");
    }

    private static IEnumerable<string> Labels(ApiCall edit) =>
        edit.Body["reply_markup"]!["inline_keyboard"]![0]!.AsArray().Select(b => b!["text"]!.GetValue<string>());
}
