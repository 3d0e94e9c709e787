namespace KzBot.Embeddings.Tests;

/// <summary>Re-indexing costs only what changed: vectors are keyed by the text they were computed from.</summary>
public class EmbeddingIndexerTests
{
    [Fact]
    public async Task Reindexing_an_unchanged_corpus_embeds_nothing_and_an_edit_embeds_only_the_new_text()
    {
        var counting = new CountingGenerator();
        await using var host = EmbeddingTestHost.Create("Local", counting);

        var first = await host.ReloadAsync();
        var embeddedFirst = counting.Texts;

        // Every chunk text and the sentences of every chunk, each distinct text once.
        Assert.True(embeddedFirst > first.Chunks, $"{embeddedFirst} texts for {first.Chunks} chunks");
        Assert.Equal(embeddedFirst, counting.Seen.Distinct(StringComparer.Ordinal).Count());

        await host.ReloadAsync();
        Assert.Equal(embeddedFirst, counting.Texts);

        // A new file with one short paragraph: its chunk is its one sentence, so one text is all there is to
        // embed, for both the chunk vector and the sentence vector.
        await File.WriteAllTextAsync(Path.Combine(host.SourceDir, "note.txt"), "Grain exports\n\nKazakhstan restricted grain exports in April.\n");
        await host.ReloadAsync();
        Assert.Equal(["Kazakhstan restricted grain exports in April."], counting.Seen[embeddedFirst..]);
        var hashes = (await host.VectorStore.ListChunkHashesAsync(CancellationToken.None)).Select(h => h.TextHash).ToList();
        Assert.Equal(hashes.Distinct().Count(), (await host.VectorStore.GetEmbeddingsAsync(SentenceVectors.KeyFor("hashed-words"), hashes, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task With_sentence_vectors_off_only_chunks_are_embedded_while_indexing()
    {
        var counting = new CountingGenerator();
        await using var host = EmbeddingTestHost.Create("Local", counting, new() { ["Retrieval:IndexSentenceVectors"] = "false" });

        var report = await host.ReloadAsync();

        Assert.Equal(report.Chunks, counting.Texts);
    }

    [Fact]
    public async Task A_new_chunk_is_found_by_vector_search_after_the_reload_that_added_it()
    {
        var counting = new CountingGenerator();
        await using var host = EmbeddingTestHost.Create("Local", counting);
        await host.ReloadAsync();
        var index = (VectorIndex)host.Services.GetService(typeof(VectorIndex))!;
        var before = (await index.GetAsync(CancellationToken.None)).Count;

        await File.WriteAllTextAsync(Path.Combine(host.SourceDir, "note.txt"), "Grain exports\n\nKazakhstan restricted grain exports in April.\n");
        await host.ReloadAsync();

        Assert.Equal(before + 1, (await index.GetAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Vectors_of_edited_text_are_deleted_and_vectors_of_unchanged_text_kept()
    {
        await using var host = EmbeddingTestHost.Create("Local", new CountingGenerator());
        var note = Path.Combine(host.SourceDir, "note.txt");
        await File.WriteAllTextAsync(note, "Grain exports\n\nKazakhstan restricted grain exports in April.\n");
        await host.ReloadAsync();
        var before = (await host.VectorStore.ListChunkHashesAsync(CancellationToken.None)).Select(h => h.TextHash).ToHashSet();

        await File.WriteAllTextAsync(note, "Grain exports\n\nKazakhstan lifted the grain export ban in June.\n");
        await host.ReloadAsync();
        var after = (await host.VectorStore.ListChunkHashesAsync(CancellationToken.None)).Select(h => h.TextHash).ToHashSet();

        var gone = before.Except(after).ToList();
        var kept = before.Intersect(after).ToList();
        Assert.NotEmpty(gone);
        foreach (var model in new[] { "hashed-words", SentenceVectors.KeyFor("hashed-words") })
        {
            Assert.Empty(await host.VectorStore.GetEmbeddingsAsync(model, gone, CancellationToken.None));
            Assert.Equal(kept.Count, (await host.VectorStore.GetEmbeddingsAsync(model, kept, CancellationToken.None)).Count);
            Assert.Equal(after.Count, (await host.VectorStore.GetEmbeddingsAsync(model, after.ToList(), CancellationToken.None)).Count);
        }
    }
}
