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
        Assert.True(embeddedFirst > 0);
        Assert.Equal(first.Chunks, embeddedFirst);

        await host.ReloadAsync();
        Assert.Equal(embeddedFirst, counting.Texts);

        // A new file with one short paragraph: exactly one new chunk text to embed.
        await File.WriteAllTextAsync(Path.Combine(host.SourceDir, "note.txt"), "Grain exports\n\nKazakhstan restricted grain exports in April.\n");
        await host.ReloadAsync();
        Assert.Equal(embeddedFirst + 1, counting.Texts);
        Assert.Contains("Kazakhstan restricted grain exports in April.", counting.Seen[^1], StringComparison.Ordinal);
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
}
