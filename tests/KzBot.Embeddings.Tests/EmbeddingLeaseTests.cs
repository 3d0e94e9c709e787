using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Embeddings.Tests;

/// <summary>
/// Processes sharing a store answer at once and take turns embedding: the one holding the store's lease embeds,
/// the others answer from what is stored and pick its vectors up; a killed holder's lease runs out.
/// </summary>
public class EmbeddingLeaseTests
{
    private const string Lexical = "Did Kazakhstan recognise Donetsk and Luhansk?";

    [Fact]
    public async Task A_second_process_answers_at_once_embeds_nothing_while_another_holds_the_lease_and_picks_the_vectors_up_afterwards()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var waiting = new CountingGenerator();
        await using var host = EmbeddingTestHost.Create("Local", waiting, time: time);
        await host.Corpus.InitializeAsync(CancellationToken.None);
        Assert.True((await host.VectorStore.TryAcquireLeaseAsync(EmbeddingIndexer.LeaseName, "process 42 on other-host", time.GetUtcNow(), TimeSpan.FromSeconds(30), CancellationToken.None)).Acquired);

        var held = host.NextStatusAsync(s => s.State == EmbeddingState.WaitingForLease);
        await host.ReloadOnlyAsync();
        var status = await held;

        Assert.Equal("process 42 on other-host", status.Holder);
        Assert.True(status.Coverage!.Missing > 0);
        var answer = (await host.SayAsync(Lexical)).Answer!;
        Assert.False(answer.Refused, answer.Text);
        Assert.Contains("would not recognise", answer.Text, StringComparison.Ordinal);
        Assert.Equal(0, (await host.Vectors.GetAsync(CancellationToken.None)).Count);

        // The other process embeds everything and lets go; this one must not have embedded anything meanwhile.
        await host.VectorStore.ReleaseLeaseAsync(EmbeddingIndexer.LeaseName, "process 42 on other-host", CancellationToken.None);
        var other = new CountingGenerator();
        await using (var otherProcess = EmbeddingTestHost.Create("Local", other, SameStore(host), time))
        {
            await otherProcess.ReloadAsync();
            Assert.Equal(EmbeddingState.Idle, otherProcess.Backfill.Status.State);
        }

        Assert.True(other.Texts > 0);
        var pickedUp = host.NextStatusAsync(s => s.State == EmbeddingState.Idle);
        time.Advance(TimeSpan.FromSeconds(5));
        status = await pickedUp;

        Assert.Equal(0, status.Coverage!.Missing);
        Assert.Equal(0, waiting.Texts);
        Assert.Equal((await host.VectorStore.ListChunkHashesAsync(CancellationToken.None)).Count, (await host.Vectors.GetAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task The_lease_of_a_process_killed_while_embedding_expires_and_another_process_finishes_the_work()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var counting = new CountingGenerator();
        await using var host = EmbeddingTestHost.Create("Local", counting, time: time);
        await host.Corpus.InitializeAsync(CancellationToken.None);
        await host.VectorStore.TryAcquireLeaseAsync(EmbeddingIndexer.LeaseName, "process 7 (killed)", time.GetUtcNow(), TimeSpan.FromSeconds(30), CancellationToken.None);

        var held = host.NextStatusAsync(s => s.State == EmbeddingState.WaitingForLease);
        await host.ReloadOnlyAsync();
        await held;
        Assert.Equal(0, counting.Texts);

        // Polls before the lease runs out still wait.
        var stillHeld = host.NextStatusAsync(s => s.State == EmbeddingState.WaitingForLease);
        time.Advance(TimeSpan.FromSeconds(5));
        await stillHeld;
        Assert.Equal(0, counting.Texts);

        var done = host.NextStatusAsync(s => s.State == EmbeddingState.Idle);
        time.Advance(TimeSpan.FromSeconds(26));
        var status = await done;

        Assert.True(counting.Texts > 0);
        Assert.Equal(0, status.Coverage!.Missing);
    }

    [Fact]
    public async Task Hybrid_retrieval_answers_at_once_from_a_partial_vector_set()
    {
        using var model = new LocalModelFixture();
        var counting = new CountingGenerator(model.Model);
        await using var host = EmbeddingTestHost.Create("Local", counting);
        await host.ReloadAsync();

        // What a process killed half-way through embedding leaves: vectors for some passages only. Another
        // process (still alive) holds the lease, so nothing is re-embedded before answering.
        DeleteVectorsOfChunksWithout(host, "expansion");
        await host.VectorStore.TryAcquireLeaseAsync(EmbeddingIndexer.LeaseName, "process 9 on other-host", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), CancellationToken.None);
        host.Vectors.Invalidate();
        var coverage = await host.Services.GetRequiredService<EmbeddingIndexer>().GetCoverageAsync(CancellationToken.None);
        Assert.InRange(coverage.Missing, 1, coverage.Texts - 1);
        var missing = (await host.VectorStore.ListChunksWithoutEmbeddingAsync(counting.ModelId(), CancellationToken.None)).Select(p => p.Text).ToHashSet();
        var before = counting.Texts;

        var answer = (await host.SayAsync("What are Kazakhs afraid Moscow might do?")).Answer!;

        Assert.False(answer.Refused, answer.Text);
        Assert.Contains("expansion", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(counting.Seen[before..], missing.Contains);
        Assert.Equal((await host.VectorStore.ListChunkHashesAsync(CancellationToken.None)).Count - missing.Count, (await host.Vectors.GetAsync(CancellationToken.None)).Count);
    }

    private static Dictionary<string, string?> SameStore(EmbeddingTestHost host) => new()
    {
        ["Storage:Path"] = Path.Combine(host.Root, "kzbot.db"),
        ["Sources:Folders:0"] = host.SourceDir,
    };

    private static void DeleteVectorsOfChunksWithout(EmbeddingTestHost host, string keep)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(host.Root, "kzbot.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM embeddings WHERE text_hash IN (SELECT text_hash FROM chunks WHERE text NOT LIKE $keep)";
        command.Parameters.AddWithValue("$keep", "%" + keep + "%");
        Assert.True(command.ExecuteNonQuery() > 0);
    }
}
