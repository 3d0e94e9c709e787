using KzBot.Core.Answering;
using KzBot.Core.Layout;

namespace KzBot.Core.Tests;

/// <summary>The answer layout every platform renders: markers, kinds, follow-ups, and the shared cut ladder.</summary>
public sealed class AnswerLayoutTests
{
    private static readonly Citation Un = new(1, "d1", "UN vote", "un.txt, ¶3", "abstained", "c1", 0, 9);

    [Fact]
    public void Markers_are_runs_only_when_they_point_at_a_source()
    {
        var layout = AnswerLayout.Of(new Answer("a1", "q", "It abstained [1] in 2022 [7].", false, [Un], []));

        Assert.Equal(AnswerKind.Answer, layout.Kind);
        Assert.Equal([new AnswerRun("It abstained "), new AnswerRun("[1]", 1), new AnswerRun(" in 2022 [7].")], layout.Body);
        Assert.Equal("It abstained [1] in 2022 [7].", string.Concat(layout.Body.Select(r => r.Text)));
    }

    [Fact]
    public void A_refusal_has_no_sources_and_at_most_three_follow_ups()
    {
        var layout = AnswerLayout.Of(Answer.Refusal("a2", "q", "The sources do not cover that.", ["one?", "two?", " ", "three?", "four?"], note: "  Sources are English.  "));

        Assert.Equal(AnswerKind.Refusal, layout.Kind);
        Assert.Empty(layout.Sources);
        Assert.Equal(["one?", "two?", "three?"], layout.FollowUps);
        Assert.Equal("Sources are English.", layout.Note);
    }

    [Theory]
    [InlineData("A fairly long first paragraph. It is here.\n\nNext one", "A fairly long first paragraph. It is here.")]
    [InlineData("One sentence ends right here. Another", "One sentence ends right here.")]
    [InlineData("words and more words without an end", "words and more words without an")]
    public void The_cut_ladder_prefers_the_strongest_boundary_in_the_second_half(string window, string part) =>
        Assert.Equal(part, window[..CutLadder.Find(window)]);

    [Fact]
    public void The_cut_ladder_finds_nothing_in_the_first_half_and_respects_vetoes()
    {
        Assert.Equal(0, CutLadder.Find("a b" + new string('x', 40)));
        var window = "alpha beta gamma delta epsilon";
        Assert.Equal("alpha beta gamma", window[..CutLadder.Find(window, cut => cut < 20)]);
    }
}
