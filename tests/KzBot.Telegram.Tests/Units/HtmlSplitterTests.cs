using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using KzBot.Telegram.Rendering;
using KzBot.Telegram.Tests.Fakes;

namespace KzBot.Telegram.Tests.Units;

public sealed partial class HtmlSplitterTests
{
    [Theory]
    [InlineData(1, 120)]
    [InlineData(2, 300)]
    [InlineData(3, 1000)]
    [InlineData(4, 4095)]
    public void Every_part_is_valid_html_within_the_limit_and_together_they_keep_all_the_text(int seed, int limit)
    {
        var html = RandomHtml(new Random(seed), 12_000);

        var parts = HtmlSplitter.Split(html, limit);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p =>
        {
            Assert.InRange(p.Length, 1, limit);
            Assert.Null(TelegramHtmlCheck.Problem(p));
        });
        Assert.Equal(NoSpace(Plain(html)), NoSpace(string.Concat(parts.Select(Plain))));
    }

    [Fact]
    public void Parts_end_at_paragraph_breaks_when_paragraphs_fit()
    {
        var paragraphs = Enumerable.Range(1, 20).Select(i => $"Paragraph {i}. " + string.Join(' ', Enumerable.Repeat("Words and more words.", 12))).ToList();

        var parts = HtmlSplitter.Split(string.Join("\n\n", paragraphs), 1000);

        Assert.All(parts, p => Assert.All(p.Split("\n\n"), chunk => Assert.Contains(chunk, paragraphs)));
        Assert.Equal(paragraphs, parts.SelectMany(p => p.Split("\n\n")));
    }

    [Fact]
    public void A_long_paragraph_is_cut_after_a_sentence_and_a_cut_blockquote_is_reopened()
    {
        var sentences = Enumerable.Range(1, 40).Select(i => $"Sentence number {i} ends here.").ToList();
        var html = "<b>Sources</b>\n<blockquote expandable>" + string.Join(' ', sentences) + "</blockquote>";

        var parts = HtmlSplitter.Split(html, 400);

        Assert.True(parts.Count >= 3);
        Assert.All(parts.Skip(1), p => Assert.StartsWith("<blockquote expandable>", p, StringComparison.Ordinal));
        Assert.All(parts, p => Assert.EndsWith("here.</blockquote>", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Short_text_is_left_alone()
    {
        Assert.Equal(["<b>hi</b> &amp; bye"], HtmlSplitter.Split("<b>hi</b> &amp; bye"));
    }

    [Fact]
    public void Text_without_any_break_is_hard_cut_outside_entities_and_surrogate_pairs()
    {
        var html = string.Concat(Enumerable.Repeat("ab&amp;😀c", 200));

        var parts = HtmlSplitter.Split(html, 97);

        Assert.All(parts, p =>
        {
            Assert.Null(TelegramHtmlCheck.Problem(p));
            Assert.False(char.IsHighSurrogate(p[^1]), "ends inside a surrogate pair");
            Assert.False(char.IsLowSurrogate(p[0]), "starts inside a surrogate pair");
        });
        Assert.Equal(Plain(html), string.Concat(parts.Select(Plain)));
    }

    private static string RandomHtml(Random random, int length)
    {
        string[] words = ["Kazakhstan", "Russia", "trade", "&amp;", "&lt;sanctions&gt;", "transit", "oil", "😀", "Tokayev", "CSTO", "grain"];
        var sb = new StringBuilder();
        while (sb.Length < length)
        {
            var sentence = string.Join(' ', Enumerable.Range(0, random.Next(4, 30)).Select(_ => words[random.Next(words.Length)])) + ". ";
            sb.Append(random.Next(8) switch
            {
                0 => $"<b>{sentence}</b>",
                1 => $"<i>{sentence}<b>nested {sentence}</b></i>",
                2 => $"<a href=\"https://example.org/?a=1&amp;b=2\">{sentence}</a>",
                3 => $"\n<blockquote expandable>{sentence}{sentence}{sentence}</blockquote>\n",
                4 => "\n\n",
                _ => sentence,
            });
        }

        return sb.ToString();
    }

    private static string Plain(string html) => WebUtility.HtmlDecode(AnyTag().Replace(html, ""));

    private static string NoSpace(string text) => Whitespace().Replace(text, "");

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
