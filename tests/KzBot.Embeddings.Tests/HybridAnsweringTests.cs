namespace KzBot.Embeddings.Tests;

/// <summary>What users see with the real local model: paraphrases answered, off-topic refused, lexical hits fast.</summary>
public class HybridAnsweringTests(LocalModelFixture fixture) : IClassFixture<LocalModelFixture>
{
    [Fact]
    public async Task A_paraphrase_BM25_misses_is_answered_by_hybrid_from_the_right_sentence()
    {
        const string question = "Can people in Kazakhstan rally for Ukraine?";
        await using (var lexical = EmbeddingTestHost.Create("None"))
        {
            Assert.True((await lexical.AskAsync(question)).Answer!.Refused);
        }

        await using var hybrid = EmbeddingTestHost.Create("Local", new CountingGenerator(fixture.Model));
        var answer = (await hybrid.AskAsync(question)).Answer!;

        Assert.False(answer.Refused);
        Assert.Contains("demonstrations backing Ukraine", answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(answer.Citations);
        var document = await hybrid.Corpus.GetDocumentTextAsync(citation.DocumentId, CancellationToken.None);
        Assert.Equal(citation.Quote, document![citation.Start..citation.End]);
    }

    [Fact]
    public async Task Why_says_a_paraphrase_was_answered_by_meaning_and_lists_only_the_question_s_own_words()
    {
        await using var hybrid = EmbeddingTestHost.Create("Local", new CountingGenerator(fixture.Model));

        Assert.False((await hybrid.AskAsync("Can people in Kazakhstan rally for Ukraine?")).Answer!.Refused);
        var why = (await hybrid.SayAsync("/why", isAdmin: true)).Text!;

        Assert.Matches(@"Answered by meaning: the words gave 0\.\d\d .*\(cosine 0\.\d{3}\)", why);
        var words = why.Split('\n').Single(l => l.StartsWith("Question words", StringComparison.Ordinal));
        Assert.Contains("rally", words, StringComparison.Ordinal);

        // The answer sentence's own words help quote it, but they are not what the user asked.
        Assert.DoesNotContain("demonstrations", words, StringComparison.Ordinal);
        Assert.Contains("demonstrations backing Ukraine", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Did Astana side with Moscow at the UN?", "abstained")]
    public async Task Capitals_used_for_their_countries_are_understood(string question, string fact)
    {
        await using var hybrid = EmbeddingTestHost.Create("Local", new CountingGenerator(fixture.Model));

        AnswerAssert.StatesAndCites(await hybrid.AskAsync(question), fact);
    }

    [Theory]
    [InlineData("What is the capital of Australia?")]
    [InlineData("Did Kazakhstan send soldiers to fight in Ukraine?")]
    [InlineData("Who is Tokayev's wife?")]
    public async Task Questions_the_sources_do_not_answer_are_still_refused(string question)
    {
        await using var hybrid = EmbeddingTestHost.Create("Local", new CountingGenerator(fixture.Model));

        var answer = (await hybrid.AskAsync(question)).Answer!;

        Assert.True(answer.Refused, answer.Text);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task A_question_worded_like_the_sources_is_answered_without_embedding_it()
    {
        var counting = new CountingGenerator(fixture.Model);
        await using var hybrid = EmbeddingTestHost.Create("Local", counting);
        await hybrid.ReloadAsync();
        var afterIndexing = counting.Texts;

        var answer = (await hybrid.AskAsync("Did Kazakhstan recognise Donetsk and Luhansk?")).Answer!;

        Assert.False(answer.Refused);
        Assert.Contains("would not recognise", answer.Text, StringComparison.Ordinal);
        Assert.Equal(afterIndexing, counting.Texts);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task A_paraphrase_answered_on_meaning_embeds_only_the_question_when_sentences_were_indexed(bool indexSentences, int atLeast)
    {
        var counting = new CountingGenerator(fixture.Model);
        await using var hybrid = EmbeddingTestHost.Create("Local", counting, new() { ["Retrieval:IndexSentenceVectors"] = indexSentences ? "true" : "false" });
        await hybrid.ReloadAsync();
        var afterIndexing = counting.Texts;

        var answer = (await hybrid.AskAsync("Can people in Kazakhstan rally for Ukraine?")).Answer!;

        // Stored sentence vectors leave one text for the model at question time; without them the passages'
        // sentences are embedded on the request path, and the answer must be the same either way.
        Assert.False(answer.Refused, answer.Text);
        Assert.Contains("demonstrations backing Ukraine", answer.Text, StringComparison.Ordinal);
        var embeddedForQuestion = counting.Texts - afterIndexing;
        if (indexSentences)
        {
            Assert.Equal(atLeast, embeddedForQuestion);
        }
        else
        {
            Assert.True(embeddedForQuestion >= atLeast, $"{embeddedForQuestion} texts embedded for the question");
        }
    }
}
