using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Discord.Gateway;
using KzBot.Discord.Rendering;

namespace KzBot.Discord.Tests;

/// <summary>Splitting and formatting rules, and the hand-written gateway payloads.</summary>
public sealed class RenderingTests
{
    [Fact]
    public void Long_text_splits_at_a_paragraph_break_within_the_limit()
    {
        var p1 = new string('a', 1200) + ".";
        var p2 = new string('b', 1200) + ".";
        var parts = MessageSplitter.Split(p1 + "\n\n" + p2);

        Assert.Equal([p1, p2], parts);
    }

    [Fact]
    public void Without_paragraphs_it_splits_after_a_sentence()
    {
        var sentence = "Kazakhstan abstained in the vote at the United Nations General Assembly. ";
        var text = string.Concat(Enumerable.Repeat(sentence, 40));
        var parts = MessageSplitter.Split(text);

        Assert.All(parts, p => Assert.True(p.Length <= 2000));
        Assert.All(parts, p => Assert.EndsWith("Assembly.", p, StringComparison.Ordinal));
        Assert.Equal(text.Trim(), string.Join(' ', parts));
    }

    [Fact]
    public void A_link_is_never_cut()
    {
        var link = "[Kazakhstan and Russia](<https://example.com/" + new string('x', 80) + ">)";
        var text = new string('a', 1950) + link + " more text";
        var parts = MessageSplitter.Split(text);

        Assert.Contains(parts, p => p.Contains(link, StringComparison.Ordinal));
        Assert.All(parts, p => Assert.True(p.Length <= 2000));
    }

    [Fact]
    public void A_code_block_cut_in_two_is_closed_and_reopened()
    {
        var code = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"line {i} of the block"));
        var parts = MessageSplitter.Split("Here:\n```text\n" + code + "\n```\nDone.");

        Assert.True(parts.Count >= 2);
        Assert.All(parts, p => Assert.True(p.Length <= 2000));
        Assert.All(parts, p => Assert.Equal(0, CountFences(p) % 2));
        Assert.StartsWith("```text\n", parts[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Reuters", "https://example.com/a b", "[Reuters](<https://example.com/a%20b>)")]
    [InlineData("Title [draft]", "https://example.com/x", "[Title draft](<https://example.com/x>)")]
    [InlineData("Local file", null, "Local file")]
    [InlineData("Bad scheme", "javascript:alert(1)", "Bad scheme")]
    public void Source_links_are_masked_with_previews_suppressed(string title, string? url, string expected) =>
        Assert.Equal(expected, MarkdownText.Link(title, url));

    [Fact]
    public void An_answer_lists_its_sources_with_location_and_shows_the_note()
    {
        var answer = new Answer("a1", "q", "Kazakhstan abstained [1].", false,
            [new Citation(1, "d1", "UN vote", "seeds/un.txt, ¶3", "abstained", "c1", 0, 9, "https://example.com/un")], [], Note: "Answered from the sources only.");
        var text = AnswerRenderer.AnswerText(answer);

        Assert.Contains("-# [1] [UN vote](<https://example.com/un>) — seeds/un.txt, ¶3", text, StringComparison.Ordinal);
        Assert.EndsWith("-# Answered from the sources only.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_replies_are_escaped_and_the_note_follows_the_sources_as_on_telegram()
    {
        var reply = AnswerRenderer.Render(EngineReply.Say("1. *Report* — a_b.txt (3 passages)"));
        Assert.Equal(@"1. \*Report\* — a\_b.txt (3 passages)", Assert.Single(reply).Content);

        var answer = new Answer("a1", "q", "Kazakhstan *abstained* [1].", false,
            [new Citation(1, "d1", "UN vote", "un.txt", "abstained", "c1", 0, 9)], ["one?", "two?", "three?", "four?"], Note: "A note.");
        var text = AnswerRenderer.AnswerText(answer);
        Assert.StartsWith(@"Kazakhstan \*abstained\* [1].", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("**Sources**", StringComparison.Ordinal) < text.IndexOf("-# A note.", StringComparison.Ordinal));
        Assert.Contains("- three?", text, StringComparison.Ordinal);
        Assert.DoesNotContain("four?", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Heartbeat_before_any_sequence_writes_d_as_null()
    {
        Assert.Equal("""{"op":1,"d":null}""", System.Text.Encoding.UTF8.GetString(GatewayFrames.Heartbeat(null)));
        Assert.Equal("""{"op":1,"d":42}""", System.Text.Encoding.UTF8.GetString(GatewayFrames.Heartbeat(42)));
    }

    [Theory]
    [InlineData(null, "Resume")]
    [InlineData(4000, "Resume")]
    [InlineData(4007, "Identify")]
    [InlineData(4004, "Fatal")]
    [InlineData(4010, "Fatal")]
    [InlineData(4014, "Fatal")]
    public void Close_codes_are_classified(int? code, string action) => Assert.Equal(action, GatewayCloseCodes.Classify(code).ToString());

    private static int CountFences(string s) => (s.Length - s.Replace("```", "", StringComparison.Ordinal).Length) / 3;
}
