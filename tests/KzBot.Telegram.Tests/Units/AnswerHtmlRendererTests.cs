using KzBot.Core.Answering;
using KzBot.Telegram.Rendering;

namespace KzBot.Telegram.Tests.Units;

public sealed class AnswerHtmlRendererTests
{
    [Fact]
    public void The_note_follows_the_sources_and_at_most_three_follow_ups_are_shown_as_on_discord()
    {
        var answer = new Answer("a1", "q", "Kazakhstan abstained [1].", false,
            [new Citation(1, "d1", "UN vote", "un.txt", "abstained", "c1", 0, 9)], ["one?", "two?", "three?", "four?"], Note: "A note.");

        var html = AnswerHtmlRenderer.RenderAnswer(answer);

        Assert.True(html.IndexOf("</blockquote>", StringComparison.Ordinal) < html.IndexOf("<i>A note.</i>", StringComparison.Ordinal));
        Assert.Contains("• three?", html, StringComparison.Ordinal);
        Assert.DoesNotContain("four?", html, StringComparison.Ordinal);
    }
}
