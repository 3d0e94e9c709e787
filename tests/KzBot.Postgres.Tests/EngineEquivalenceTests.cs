using System.Text.Json;
using KzBot.Core.Storage;
using KzBot.Core.Text;

namespace KzBot.Postgres.Tests;

/// <summary>The same sources on both engines give the same full-text statistics and the same BM25 ranking.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EngineEquivalenceTests(PostgresServer server)
{
    [Fact]
    public async Task Every_eval_question_ranks_the_same_passages_with_the_same_scores_on_both_engines()
    {
        await using var sqlite = StoreHost.Create(null);
        await using var postgres = StoreHost.Create(await server.CreateDatabaseAsync());
        await sqlite.Ingestor.ReloadAsync(CancellationToken.None);
        await postgres.Ingestor.ReloadAsync(CancellationToken.None);

        var questions = File.ReadLines(Path.Combine(Repo.Root, "tests", "eval", "questions.jsonl"))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!)
            .ToList();
        Assert.NotEmpty(questions);

        var compared = 0;
        foreach (var question in questions)
        {
            var words = Terms.ContentWords(question);
            var expected = await sqlite.Corpus.GetTermStatisticsAsync(words, CancellationToken.None);
            var actual = await postgres.Corpus.GetTermStatisticsAsync(words, CancellationToken.None);
            Assert.Equal(expected.ChunkCount, actual.ChunkCount);
            Assert.Equal(expected.DocumentFrequency, actual.DocumentFrequency);
            Assert.Equal(expected.TitleFrequency, actual.TitleFrequency);

            var query = Terms.ToFtsQuery(words);
            var a = await RankedAsync(sqlite.Corpus, query);
            var b = await RankedAsync(postgres.Corpus, query);
            Assert.Equal(a.Select(x => x.Id), b.Select(x => x.Id));
            Assert.All(a.Zip(b), p => Assert.Equal(p.First.Bm25, p.Second.Bm25, 9));
            compared += a.Count;
        }

        Assert.True(compared > questions.Count, "the questions should find passages");
        Assert.Equal(
            (await sqlite.Corpus.GetVocabularyAsync(CancellationToken.None)).OrderBy(v => v.Term, StringComparer.Ordinal),
            (await postgres.Corpus.GetVocabularyAsync(CancellationToken.None)).OrderBy(v => v.Term, StringComparer.Ordinal));
    }

    // Ranked by text hash: keys and ids differ between the two workspaces, the passages do not.
    private static async Task<List<(string Id, double Bm25)>> RankedAsync(ICorpusStore corpus, string query)
    {
        var hits = await corpus.SearchLexicalAsync(query, 20, CancellationToken.None);
        var ids = (await corpus.GetChunksAsync(hits.Select(h => h.Key).ToList(), CancellationToken.None)).ToDictionary(c => c.Key, c => c.TextHash);
        return hits.Select(h => (ids[h.Key], h.Bm25)).ToList();
    }
}
