using KzBot.Telegram.Tests.Fakes;

namespace KzBot.Telegram.Tests;

public sealed class PrivateChatTests
{
    [Fact]
    public async Task A_private_question_is_answered_in_html_with_numbered_sources_quotes_and_feedback_buttons()
    {
        await using var rig = await TelegramRig.StartAsync();
        var question = Tg.Private(42, "Did Kazakhstan recognise Donetsk and Luhansk?");
        rig.Api.PushMessage(question);

        var sent = Assert.Single(await rig.Api.WaitForSentAsync(42, 1, "the answer"), c => c.Method == "sendMessage");

        Assert.Equal("html", sent.ParseMode, ignoreCase: true);
        Assert.Contains("would not recognise", sent.Text);
        Assert.Contains("[1]", sent.Text);
        Assert.Contains("<b>Sources</b>", sent.Text);
        Assert.Contains("Kazakhstan struggles to maintain relations with Russia amid war with Ukraine", sent.Text);
        Assert.Contains("<blockquote expandable>", sent.Text);
        Assert.Null(TelegramHtmlCheck.Problem(sent.Text));
        Assert.True(sent.Body["link_preview_options"]!["is_disabled"]!.GetValue<bool>());
        Assert.Equal(question["message_id"]!.GetValue<int>(), sent.Body["reply_parameters"]!["message_id"]!.GetValue<int>());
        Assert.True(sent.Body["reply_parameters"]!["allow_sending_without_reply"]!.GetValue<bool>());

        var buttons = sent.Body["reply_markup"]!["inline_keyboard"]![0]!.AsArray();
        Assert.Equal(["👍", "👎"], buttons.Select(b => b!["text"]!.GetValue<string>()));
        Assert.All(buttons, b => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(b!["callback_data"]!.GetValue<string>()), 1, 64));
    }

    [Fact]
    public async Task Typing_is_shown_before_the_answer()
    {
        await using var rig = await TelegramRig.StartAsync();
        rig.Api.PushMessage(Tg.Private(43, "How did Kazakhstan vote on the UN resolution condemning the invasion?"));

        var calls = await rig.Api.WaitForSentAsync(43, 1, "the answer");

        var typing = calls.ToList().FindIndex(c => c.Method == "sendChatAction" && c.ChatId == 43);
        var answer = calls.ToList().FindIndex(c => c.Method == "sendMessage" && c.ChatId == 43);
        Assert.InRange(typing, 0, answer - 1);
        Assert.Equal("typing", calls[typing].Body["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_help_and_sources_explain_the_bot()
    {
        await using var rig = await TelegramRig.StartAsync();
        rig.Api.PushMessage(Tg.Private(44, "/start"));
        rig.Api.PushMessage(Tg.Private(44, "/sources"));
        rig.Api.PushMessage(Tg.Private(44, "/ask"));

        var sent = await rig.Api.WaitForSentAsync(44, 3, "three replies");
        var texts = sent.Where(c => c.Method == "sendMessage").Select(c => c.Text).ToList();

        Assert.Contains("I answer questions about Kazakhstan,", texts[0]);
        Assert.Contains("/ask", texts[0]);
        Assert.DoesNotContain("/reload", texts[0]);
        Assert.Contains("1 indexed source", texts[1]);
        Assert.Contains("Ask me a question after /ask, for example: /ask What do your sources say about Kazakhstan?", texts[2]);
    }
}
