namespace KzBot.Core.Tests;

/// <summary>Questions typed the way people type in a chat, and the reply when the sources come close but do not answer.</summary>
public class ChatPhrasingTests : IClassFixture<SeedHostFixture>
{
    private readonly SeedHostFixture _seed;

    public ChatPhrasingTests(SeedHostFixture seed) => _seed = seed;

    [Theory]
    [InlineData("how many soldiers did moscow send in jan", "2,000 troops")]
    [InlineData("did kazakstan recognise donetsk", "would not recognise")]
    public async Task Chat_phrasing_with_synonyms_abbreviations_and_typos_is_answered(string question, string fact)
    {
        AnswerAssert.StatesAndCites(await _seed.Host.SayAsync(question), fact);
    }

    [Fact]
    public async Task A_related_question_the_sources_do_not_answer_gets_the_closest_sentences_with_citations()
    {
        var answer = (await _seed.Host.SayAsync("Who is Tokayev's wife?")).Answer!;

        Assert.True(answer.Refused);
        Assert.Empty(answer.Citations);
        Assert.StartsWith("My sources don't answer that directly.", answer.Text);
        Assert.NotNull(answer.Closest);
        Assert.InRange(answer.Closest.Count, 1, 2);
        var text = await _seed.Host.Corpus.GetDocumentTextAsync(answer.Closest[0].DocumentId, default);
        foreach (var c in answer.Closest)
        {
            Assert.Contains($"[{c.N}]", answer.Text);
            Assert.Contains("Tokayev", c.Quote);
            Assert.Equal(c.Quote, text![c.Start..c.End]);
        }

        Assert.Equal(answer.Closest, answer.Sources);
    }

    [Fact]
    public async Task An_unrelated_question_gets_a_plain_refusal_without_closest_sentences()
    {
        var answer = (await _seed.Host.SayAsync("What is the capital of Australia?")).Answer!;

        Assert.True(answer.Refused);
        Assert.True(answer.Closest is null || answer.Closest.Count == 0);
        Assert.Contains("can't answer", answer.Text);
    }
}
