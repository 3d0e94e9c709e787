using KzBot.Core.Answering;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Telegram.Tests;

public sealed class DeliveryTests
{
    [Fact]
    public async Task A_long_answer_is_split_into_valid_html_parts_under_4096_characters_that_keep_every_word()
    {
        var paragraphs = Enumerable.Range(1, 30)
            .Select(i => $"Paragraph {i} says that trade & transit <grew> by {i}% [1]. " + string.Join(' ', Enumerable.Repeat($"Sentence {i} is here.", 25)))
            .ToList();
        var quote = string.Join(' ', Enumerable.Repeat("A very long quoted passage about the Caspian pipeline & its <routes>.", 80));
        var composer = new ScriptedComposer(r => Task.FromResult(new Answer(
            r.AnswerId, r.Question, string.Join("\n\n", paragraphs), false, [ScriptedComposer.Cite(1, quote: quote)], [])));
        await using var rig = await TelegramRig.StartAsync(services: s => s.AddSingleton<IAnswerComposer>(composer));
        var question = Tg.Private(50, "Tell me everything about trade with Russia");
        rig.Api.PushMessage(question);

        await rig.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Body["reply_markup"] is not null), "the last part, with the buttons");
        var parts = rig.Api.Sent(50);

        Assert.True(parts.Count >= 4, $"{parts.Count} parts");
        Assert.All(parts, p =>
        {
            Assert.Null(TelegramHtmlCheck.Problem(p.Text));
            Assert.InRange(p.Text.Length, 1, 4095);
            Assert.Equal("html", p.ParseMode, ignoreCase: true);
        });

        // Every paragraph arrives whole and in order; the quote's words all arrive.
        var plain = string.Join("\n\n", parts.Select(p => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(p.Text, "<[^>]*>", ""))));
        var at = 0;
        foreach (var p in paragraphs)
        {
            var next = plain.IndexOf(p, at, StringComparison.Ordinal);
            Assert.True(next >= at, $"paragraph missing or out of order: {p[..20]}");
            at = next + p.Length;
        }

        Assert.Equal(80, CountOf(plain, "Caspian pipeline & its <routes>."));

        // Only the first part quotes the question, only the last carries the buttons.
        Assert.NotNull(parts[0].Body["reply_parameters"]);
        Assert.All(parts.Skip(1), p => Assert.Null(p.Body["reply_parameters"]));
        Assert.NotNull(parts[^1].Body["reply_markup"]);
        Assert.All(parts.SkipLast(1), p => Assert.Null(p.Body["reply_markup"]));
    }

    [Fact]
    public async Task Html_in_questions_and_documents_is_escaped()
    {
        var composer = new ScriptedComposer(r => Task.FromResult(new Answer(
            r.AnswerId, r.Question, $"You asked: {r.Question} [1]", false,
            [ScriptedComposer.Cite(1, title: "Report <b>bold</b> & co", source: "a<b>.txt, ¶2", quote: "if x < y then \"z\" & </blockquote>")], [],
            Note: "Note with <i>tags</i>")));
        await using var rig = await TelegramRig.StartAsync(services: s => s.AddSingleton<IAnswerComposer>(composer));
        rig.Api.PushMessage(Tg.Private(51, "<b>Did</b> Kazakhstan <a href=\"http://evil\">recognise</a> Donetsk & Luhansk? </blockquote><pre>"));

        var sent = Assert.Single(await rig.Api.WaitForSentAsync(51, 1, "the answer"), c => c.Method == "sendMessage");

        Assert.Null(TelegramHtmlCheck.Problem(sent.Text));
        Assert.Contains("&lt;b&gt;Did&lt;/b&gt; Kazakhstan &lt;a href=&quot;http://evil&quot;&gt;recognise&lt;/a&gt; Donetsk &amp; Luhansk?", sent.Text);
        Assert.Contains("Report &lt;b&gt;bold&lt;/b&gt; &amp; co", sent.Text);
        Assert.Contains("if x &lt; y then &quot;z&quot; &amp; &lt;/blockquote&gt;", sent.Text);
        Assert.Contains("<i>Note with &lt;i&gt;tags&lt;/i&gt;</i>", sent.Text);
        Assert.DoesNotContain("<a href", sent.Text);
    }

    [Fact]
    public async Task When_telegram_rejects_the_formatting_the_same_text_is_sent_as_plain_text()
    {
        await using var rig = await TelegramRig.StartAsync(beforeStart: api => api.Fault = call =>
            call.Method == "sendMessage" && call.ParseMode is not null ? new FakeError(400, "Bad Request: can't parse entities: unsupported start tag \"blockquote\" at byte offset 120") : null);
        rig.Api.PushMessage(Tg.Private(52, "Did Kazakhstan recognise Donetsk and Luhansk?"));

        var sent = (await rig.Api.WaitForSentAsync(52, 2, "the plain-text resend")).Where(c => c.Method == "sendMessage").ToList();

        Assert.Equal(2, sent.Count);
        Assert.NotNull(sent[0].ParseMode);
        Assert.Null(sent[1].ParseMode);
        Assert.DoesNotContain("<b>", sent[1].Text);
        Assert.Contains("would not recognise", sent[1].Text);
        Assert.Contains("Sources\n[1] Kazakhstan struggles to maintain relations with Russia", sent[1].Text);
        Assert.NotNull(sent[1].Body["reply_markup"]);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
