using KzBot.Core.Sources;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Postgres.Tests;

/// <summary>What every store engine must do, run against SQLite and PostgreSQL by the two subclasses below.</summary>
public abstract class StoreContractTests
{
    protected abstract Task<string?> NewStoreAsync();

    private async Task<StoreHost> HostAsync(Action<string>? writeSources = null) => StoreHost.Create(await NewStoreAsync(), writeSources);


    [Fact]
    public async Task An_added_source_is_catalogued_answered_from_and_removed_with_its_passages()
    {
        await using var host = await HostAsync(sources =>
            File.WriteAllText(Path.Combine(sources, "alpha.txt"), "Alpha notes\n\nThe alpha committee met on Tuesday."));
        await host.Ingestor.ReloadAsync(CancellationToken.None);
        var managed = host.Host.Services.GetRequiredService<ManagedSources>();

        var added = await managed.AddFileAsync(
            "lighthouse.md", "text/markdown", "# Lighthouse log\n\nThe lighthouse keeper repainted the lamp room in March."u8.ToArray(), "test:admin", CancellationToken.None);

        var source = Assert.Single(await managed.ListAsync(CancellationToken.None));
        Assert.Equal(SourceOrigin.Upload, source.Origin);
        Assert.Equal("test:admin", source.AddedBy);
        Assert.Contains(source.Id, added.Text, StringComparison.Ordinal);
        Assert.Single(await host.Corpus.SearchLexicalAsync("\"lighthouse\"", 10, CancellationToken.None));

        await managed.RemoveAsync(source.Id, CancellationToken.None);
        Assert.Empty(await managed.ListAsync(CancellationToken.None));
        Assert.Empty(await host.Corpus.SearchLexicalAsync("\"lighthouse\"", 10, CancellationToken.None));
        Assert.Equal(["Alpha notes"], (await host.Corpus.ListDocumentsAsync(CancellationToken.None)).Select(d => d.Title));
    }

    [Fact]
    public async Task Documents_and_passages_round_trip_and_a_reload_replaces_or_removes_them()
    {
        await using var host = await HostAsync(sources =>
        {
            File.WriteAllText(Path.Combine(sources, "alpha.txt"), "Alpha notes\n\nThe alpha committee met on Tuesday and approved the harbour budget.");
            File.WriteAllText(Path.Combine(sources, "beta.txt"), "Beta notes\n\nThe beta committee rejected the harbour budget on Friday.");
        });
        var first = await host.Ingestor.ReloadAsync(CancellationToken.None);
        Assert.Equal(2, first.Added.Count);

        var documents = await host.Corpus.ListDocumentsAsync(CancellationToken.None);
        Assert.Equal(["Alpha notes", "Beta notes"], documents.Select(d => d.Title));
        var text = await host.Corpus.GetDocumentTextAsync(documents[0].Id, CancellationToken.None);
        Assert.Contains("approved the harbour budget", text, StringComparison.Ordinal);
        var keys = (await host.Vectors.ListChunkHashesAsync(CancellationToken.None)).Select(h => h.ChunkKey).ToList();
        var chunks = await host.Corpus.GetChunksAsync(keys, CancellationToken.None);
        Assert.All(chunks, c => Assert.Equal(c.Text, text is not null && c.DocumentId == documents[0].Id ? text[c.Start..c.End] : c.Text));
        var summary = await host.Corpus.GetDocumentSummaryAsync(1, CancellationToken.None);
        Assert.Equal(2, summary.Count);
        Assert.Equal(["Alpha notes"], summary.SampleTitles);

        var options = host.Host.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<Core.Options.SourcesOptions>)) as Microsoft.Extensions.Options.IOptions<Core.Options.SourcesOptions>;
        var folder = options!.Value.Folders[0];
        File.Delete(Path.Combine(folder, "beta.txt"));
        File.WriteAllText(Path.Combine(folder, "alpha.txt"), "Alpha notes\n\nThe alpha committee postponed the lighthouse repairs.");
        var second = await host.Ingestor.ReloadAsync(CancellationToken.None);
        Assert.Single(second.Changed);
        Assert.Single(second.Removed);
        Assert.Equal(["Alpha notes"], (await host.Corpus.ListDocumentsAsync(CancellationToken.None)).Select(d => d.Title));
        Assert.Empty(await host.Corpus.SearchLexicalAsync("\"harbour\"", 10, CancellationToken.None));
        Assert.Single(await host.Corpus.SearchLexicalAsync("\"lighthouse\"", 10, CancellationToken.None));
    }

    [Fact]
    public async Task Term_statistics_and_vocabulary_count_stemmed_words_in_bodies_and_titles()
    {
        await using var host = await HostAsync(sources =>
        {
            File.WriteAllText(Path.Combine(sources, "a.txt"), "Harbour reports\n\nShips were recognised at the harbour. Recognising ships is slow.");
            File.WriteAllText(Path.Combine(sources, "b.txt"), "Weather\n\nRain fell on the harbours all week.");
        });
        await host.Ingestor.ReloadAsync(CancellationToken.None);

        var stats = await host.Corpus.GetTermStatisticsAsync(["harbour", "recognise", "weather", "absentword"], CancellationToken.None);
        Assert.Equal(2, stats.ChunkCount);
        Assert.Equal(2, stats.DocumentFrequency["harbour"]);
        Assert.Equal(1, stats.DocumentFrequency["recognise"]);
        Assert.Equal(0, stats.DocumentFrequency["weather"]);
        Assert.Equal(1, stats.TitleFrequency!["weather"]);
        Assert.Equal(0, stats.DocumentFrequency["absentword"]);
        var vocabulary = (await host.Corpus.GetVocabularyAsync(CancellationToken.None)).ToDictionary(v => v.Term, v => v.Chunks);
        Assert.Equal(2, vocabulary["harbour"]);
        Assert.Equal(1, vocabulary["recognis"]);
    }

    [Fact]
    public async Task Vectors_leases_and_coverage_follow_the_current_chunks()
    {
        await using var host = await HostAsync(sources =>
        {
            File.WriteAllText(Path.Combine(sources, "a.txt"), "One\n\nThe first passage of text.");
            File.WriteAllText(Path.Combine(sources, "b.txt"), "Two\n\nThe second passage of text.");
        });
        await host.Ingestor.ReloadAsync(CancellationToken.None);
        var pending = await host.Vectors.ListChunksWithoutEmbeddingAsync("m", CancellationToken.None);
        Assert.Equal(2, pending.Count);
        Assert.Equal(new EmbeddingCoverage(2, 2), await host.Vectors.GetEmbeddingCoverageAsync("m", CancellationToken.None));

        await host.Vectors.SaveEmbeddingsAsync("m", new Dictionary<string, float[]> { [pending[0].TextHash] = [1f, 2f, 3f], ["gone"] = [0f] }, CancellationToken.None);
        Assert.Equal(new EmbeddingCoverage(2, 1), await host.Vectors.GetEmbeddingCoverageAsync("m", CancellationToken.None));
        Assert.Equal(new[] { 1f, 2f, 3f }, (await host.Vectors.GetEmbeddingsAsync("m", [pending[0].TextHash, pending[1].TextHash], CancellationToken.None))[pending[0].TextHash]);
        var read = new List<float[]>();
        ChunkVectorSink sink = (_, v) => read.Add(v.ToArray());
        Assert.Equal(1, await host.Vectors.ReadChunkVectorsAsync("m", sink, CancellationToken.None));
        Assert.Equal(new[] { 1f, 2f, 3f }, read[0]);
        Assert.Equal(1, await host.Vectors.DeleteOrphanedEmbeddingsAsync(CancellationToken.None));

        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        Assert.True((await host.Vectors.TryAcquireLeaseAsync("job", "a", now, TimeSpan.FromSeconds(30), CancellationToken.None)).Acquired);
        var refused = await host.Vectors.TryAcquireLeaseAsync("job", "b", now.AddSeconds(10), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal((false, "a"), (refused.Acquired, refused.Holder));
        Assert.True((await host.Vectors.TryAcquireLeaseAsync("job", "b", now.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None)).Acquired);
        await host.Vectors.ReleaseLeaseAsync("job", "b", CancellationToken.None);
        Assert.True((await host.Vectors.TryAcquireLeaseAsync("job", "c", now.AddSeconds(32), TimeSpan.FromSeconds(30), CancellationToken.None)).Acquired);
    }

    [Fact]
    public async Task Answers_message_map_feedback_audit_and_statistics_are_kept()
    {
        await using var host = await HostAsync(sources => File.WriteAllText(Path.Combine(sources, "a.txt"), "One\n\nText."));
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        await host.Log.RecordAnswerAsync(new AnswerRecord("a1", "telegram", "c1", "u1", "q?", "answer", false, 40, at, "[]"), CancellationToken.None);
        await host.Log.RecordAnswerAsync(new AnswerRecord("a2", "telegram", "c1", "u1", "q2?", "no", true, 60, at.AddSeconds(5)), CancellationToken.None);
        Assert.Equal("a2", (await host.Log.GetLatestAnswerAsync("telegram", "c1", at, CancellationToken.None))!.Id);
        Assert.Null(await host.Log.GetLatestAnswerAsync("telegram", "c1", at.AddSeconds(6), CancellationToken.None));
        Assert.Equal(new AnswerRecord("a1", "telegram", "c1", "u1", "q?", "answer", false, 40, at, "[]"), await host.Log.GetAnswerAsync("a1", CancellationToken.None));

        await host.Log.RecordAnswerMessagesAsync("telegram", "c1", ["10", "11"], "a1", CancellationToken.None);
        Assert.Equal("a1", await host.Log.FindAnswerByMessageAsync("telegram", "c1", "11", CancellationToken.None));
        Assert.Null(await host.Log.FindAnswerByMessageAsync("telegram", "c2", "11", CancellationToken.None));

        await host.Log.RecordFeedbackAsync(new FeedbackRecord("a1", "telegram", "u9", 1, at), CancellationToken.None);
        await host.Log.RecordFeedbackAsync(new FeedbackRecord("a1", "telegram", "u9", -1, at.AddSeconds(1)), CancellationToken.None);
        Assert.Equal(-1, await host.Log.GetFeedbackAsync("a1", "telegram", "u9", CancellationToken.None));
        Assert.Null(await host.Log.GetFeedbackAsync("a2", "telegram", "u9", CancellationToken.None));

        await host.Log.RecordAuditAsync(new AuditRecord(at, "discord", "u1", "g1", "c1", "reload", true, null), CancellationToken.None);
        await host.Log.RecordAuditAsync(new AuditRecord(at, "discord", "u2", null, "c1", "reload", false, "not an admin"), CancellationToken.None);
        var audit = await host.Log.ListAuditAsync(10, CancellationToken.None);
        Assert.Equal(["u2", "u1"], audit.Select(a => a.UserId));
        Assert.Equal(("not an admin", (string?)null, false), (audit[0].Detail, audit[0].GuildId, audit[0].Allowed));

        var stats = await host.Log.GetUsageStatisticsAsync(CancellationToken.None);
        Assert.Equal((2L, 1L, 1L, 0L, 1L), (stats.Questions, stats.Answered, stats.Refused, stats.FeedbackUp, stats.FeedbackDown));
    }
}

public sealed class SqliteStoreContractTests : StoreContractTests
{
    protected override Task<string?> NewStoreAsync() => Task.FromResult<string?>(null);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresServer server) : StoreContractTests
{
    protected override async Task<string?> NewStoreAsync() => await server.CreateDatabaseAsync();
}
