using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

/// <summary>
/// One embedding pass: every chunk text without a vector for the current model (keyed by content hash, so
/// unchanged text is never embedded again), and the sentences of every chunk without sentence vectors (see
/// <see cref="SentenceVectors"/>). Every distinct text of the pass goes through the model once, however many
/// chunks or sentences share it. Only the holder of the store's embedding lease embeds, so processes sharing a
/// store take turns instead of all embedding the same passages. <see cref="EmbeddingBackfill"/> runs the passes.
/// </summary>
public sealed class EmbeddingIndexer(
    IVectorStore store,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    VectorIndex index,
    IOptions<EmbeddingOptions> options,
    TimeProvider time,
    ILogger<EmbeddingIndexer> logger)
{
    public const string LeaseName = "embeddings";

    // Texts embedded and saved together (whole chunks, their sentences with them): enough that length-sorted
    // batches of 32 hold texts of nearly one length (padding is model time spent on nothing), few enough that
    // a killed process loses only a few seconds of work.
    private const int TextsPerGroup = 512;

    // The character budget keeps long texts in small batches: ONNX Runtime's arena keeps the largest batch's
    // activations for the life of the process, so one batch of many long texts would keep its memory for good.
    // ~900-character chunks go 4 at a time, which is also where the model is fastest for them (README has the numbers).
    private const int BatchChars = 4_000;

    private readonly string _model = generator.ModelId();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Names this process in the lease, so another process can say who it waits for.</summary>
    public string Owner { get; } = $"process {Environment.ProcessId} on {Environment.MachineName} ({Guid.NewGuid().ToString("N")[..8]})";

    public string Model => _model;

    private string SentenceKey => SentenceVectors.KeyFor(_model);

    /// <summary>Distinct chunk texts and how many still lack a vector (chunk vectors, or sentence vectors when those are indexed).</summary>
    public async Task<EmbeddingCoverage> GetCoverageAsync(CancellationToken cancellationToken)
    {
        var chunks = await store.GetEmbeddingCoverageAsync(_model, cancellationToken);
        if (!options.Value.IndexSentenceVectors)
        {
            return chunks;
        }

        var sentences = await store.GetEmbeddingCoverageAsync(SentenceKey, cancellationToken);
        return chunks with { Missing = Math.Max(chunks.Missing, sentences.Missing) };
    }

    /// <summary>
    /// Embeds what is missing if this process can take the lease. Never throws for a model or endpoint that
    /// fails: the result says so, and what was saved before the failure stays saved.
    /// </summary>
    public async Task<EmbeddingPassResult> EmbedMissingAsync(IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var coverage = await GetCoverageAsync(cancellationToken);
            if (coverage.Missing == 0)
            {
                return new EmbeddingPassResult(EmbeddingOutcome.Complete, 0, coverage);
            }

            var lease = await store.TryAcquireLeaseAsync(LeaseName, Owner, time.GetUtcNow(), options.Value.EmbeddingLease, cancellationToken);
            if (!lease.Acquired)
            {
                return new EmbeddingPassResult(EmbeddingOutcome.HeldElsewhere, 0, coverage, Holder: lease.Holder);
            }

            try
            {
                var embedded = await EmbedAsync(progress, cancellationToken);
                return new EmbeddingPassResult(EmbeddingOutcome.Complete, embedded, await GetCoverageAsync(cancellationToken));
            }
            catch (LeaseLostException lost)
            {
                return new EmbeddingPassResult(EmbeddingOutcome.HeldElsewhere, lost.Embedded, await GetCoverageAsync(cancellationToken), Holder: lost.Holder);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The endpoint refused, timed out or answered nonsense, or the model failed: the passes retry later
                // and the bot answers from BM25 meanwhile.
                return new EmbeddingPassResult(EmbeddingOutcome.Failed, 0, await GetCoverageAsync(CancellationToken.None), Reason: ex.Message);
            }
            finally
            {
                await store.ReleaseLeaseAsync(LeaseName, Owner, CancellationToken.None);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> EmbedAsync(IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        var wantSentences = options.Value.IndexSentenceVectors;
        var chunkTexts = await store.ListChunksWithoutEmbeddingAsync(_model, cancellationToken);
        var sentenceTexts = wantSentences ? await store.ListChunksWithoutEmbeddingAsync(SentenceKey, cancellationToken) : [];
        var needsChunk = chunkTexts.Select(p => p.TextHash).ToHashSet(StringComparer.Ordinal);
        var needsSentences = sentenceTexts.Select(p => p.TextHash).ToHashSet(StringComparer.Ordinal);
        var work = chunkTexts.Concat(sentenceTexts).DistinctBy(p => p.TextHash, StringComparer.Ordinal)
            .Select(p => new ChunkWork(p.TextHash, p.Text, needsChunk.Contains(p.TextHash), needsSentences.Contains(p.TextHash)))
            .ToList();

        // How often each text is needed in the whole pass, so a text shared by several groups (a sentence
        // repeated across articles, a one-sentence chunk that is also its own sentence) is embedded once and
        // kept only until its last use.
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in work)
        {
            foreach (var text in w.Texts)
            {
                uses[text] = uses.GetValueOrDefault(text) + 1;
            }
        }

        var tracker = new ProgressTracker(uses.Count, uses.Keys.Sum(t => (long)t.Length), time, progress, logger, _model);
        var lease = new LeaseKeeper(store, Owner, time, options.Value.EmbeddingLease);
        var shared = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        var maxBatch = options.Value.EmbeddingBatchSize;

        // Short chunks first, so each group's texts are of similar length and batches carry little padding.
        work.Sort((a, b) => a.Text.Length.CompareTo(b.Text.Length));
        foreach (var group in Groups(work))
        {
            var vectors = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
            var toEmbed = group.SelectMany(w => w.Texts).Distinct(StringComparer.Ordinal).Where(t => !shared.ContainsKey(t)).OrderBy(t => t.Length).ToList();
            foreach (var batch in Batches(toEmbed, maxBatch))
            {
                var result = await generator.GenerateAsync(batch, null, cancellationToken);
                for (var k = 0; k < batch.Count; k++)
                {
                    vectors[batch[k]] = result[k].Vector;
                }

                tracker.Add(batch.Count, batch.Sum(t => (long)t.Length));
            }

            ReadOnlyMemory<float> Vector(string text)
            {
                var v = vectors.TryGetValue(text, out var fresh) ? fresh : shared[text];
                if (--uses[text] > 0)
                {
                    shared[text] = v;
                }
                else
                {
                    shared.Remove(text);
                }

                return v;
            }

            var chunkRows = new Dictionary<string, float[]>(StringComparer.Ordinal);
            var sentenceRows = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var w in group)
            {
                if (w.NeedsChunk)
                {
                    chunkRows[w.TextHash] = Vector(w.Text).ToArray();
                }

                if (w.NeedsSentences)
                {
                    // All of a chunk's sentence vectors in one row, in splitter order; no sentences is an empty
                    // row, which still marks the chunk done.
                    sentenceRows[w.TextHash] = w.Sentences.SelectMany(s => Vector(s).ToArray()).ToArray();
                }
            }

            await lease.RenewAsync(tracker.Done, cancellationToken);
            if (chunkRows.Count > 0)
            {
                await store.SaveEmbeddingsAsync(_model, chunkRows, cancellationToken);
            }

            if (sentenceRows.Count > 0)
            {
                await store.SaveEmbeddingsAsync(SentenceKey, sentenceRows, cancellationToken);
            }

            if (chunkRows.Count > 0 && tracker.ShouldRefreshIndex())
            {
                // Searches pick the new chunk vectors up while the pass goes on, not only at its end.
                index.Invalidate();
            }
        }

        if (needsChunk.Count > 0)
        {
            index.Invalidate();
        }

        tracker.Finish(work.Count);
        return tracker.Done;
    }

    /// <summary>Consecutive chunks holding about <see cref="TextsPerGroup"/> texts between them.</summary>
    private static IEnumerable<List<ChunkWork>> Groups(List<ChunkWork> work)
    {
        var group = new List<ChunkWork>();
        var texts = 0;
        foreach (var w in work)
        {
            group.Add(w);
            texts += w.Sentences.Count + (w.NeedsChunk ? 1 : 0);
            if (texts >= TextsPerGroup)
            {
                yield return group;
                group = [];
                texts = 0;
            }
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    /// <summary>Consecutive runs of texts (sorted by length) within both the count and the character budget.</summary>
    private static IEnumerable<List<string>> Batches(List<string> texts, int maxCount)
    {
        for (var start = 0; start < texts.Count;)
        {
            var count = 0;
            for (var chars = 0; start + count < texts.Count && count < maxCount && (count == 0 || chars + texts[start + count].Length <= BatchChars); count++)
            {
                chars += texts[start + count].Length;
            }

            yield return texts.GetRange(start, count);
            start += count;
        }
    }

    private sealed record ChunkWork(string TextHash, string Text, bool NeedsChunk, bool NeedsSentences)
    {
        public List<string> Sentences { get; } = NeedsSentences ? SentenceSplitter.Split(Text).Select(s => Text.Substring(s.Start, s.Length)).ToList() : [];

        public IEnumerable<string> Texts => NeedsChunk ? Sentences.Prepend(Text) : Sentences;
    }

    /// <summary>Renews the lease a third of the way through it; stops the pass if another process took it over.</summary>
    private sealed class LeaseKeeper(IVectorStore store, string owner, TimeProvider time, TimeSpan duration)
    {
        private long _renewed = time.GetTimestamp();

        public async Task RenewAsync(int embedded, CancellationToken cancellationToken)
        {
            if (time.GetElapsedTime(_renewed) < duration / 3)
            {
                return;
            }

            var lease = await store.TryAcquireLeaseAsync(LeaseName, owner, time.GetUtcNow(), duration, cancellationToken);
            if (!lease.Acquired)
            {
                throw new LeaseLostException(lease.Holder, embedded);
            }

            _renewed = time.GetTimestamp();
        }
    }

    private sealed class LeaseLostException(string holder, int embedded) : Exception("The embedding lease was taken over by " + holder)
    {
        public string Holder { get; } = holder;

        public int Embedded { get; } = embedded;
    }

    /// <summary>
    /// Done/total, rate and ETA, reported and logged every few seconds while a pass runs. The ETA goes by
    /// characters: texts come shortest first, so the rate in texts falls as the pass goes on.
    /// </summary>
    private sealed class ProgressTracker(int total, long totalChars, TimeProvider time, IProgress<EmbeddingProgress>? progress, ILogger logger, string model)
    {
        private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan RefreshIndexEvery = TimeSpan.FromSeconds(30);
        private readonly long _started = time.GetTimestamp();
        private TimeSpan _reported = TimeSpan.Zero;
        private TimeSpan _refreshed = TimeSpan.Zero;

        private long _chars;

        public int Done { get; private set; }

        public void Add(int texts, long chars)
        {
            Done += texts;
            _chars += chars;
            var elapsed = time.GetElapsedTime(_started);
            if (elapsed - _reported >= ReportEvery)
            {
                _reported = elapsed;
                Report(elapsed, final: false);
            }
        }

        public bool ShouldRefreshIndex()
        {
            var elapsed = time.GetElapsedTime(_started);
            if (elapsed - _refreshed < RefreshIndexEvery)
            {
                return false;
            }

            _refreshed = elapsed;
            return true;
        }

        public void Finish(int chunks)
        {
            var elapsed = time.GetElapsedTime(_started);
            var now = Report(elapsed, final: true);
            logger.LogInformation("Embedded {Texts} texts of {Chunks} chunks with {Model} in {Elapsed:F1} s ({Rate:F0} texts/s)", now.Done, chunks, model, elapsed.TotalSeconds, now.Rate);
        }

        private EmbeddingProgress Report(TimeSpan elapsed, bool final)
        {
            var seconds = elapsed.TotalSeconds;
            var rate = seconds > 0 ? Done / seconds : 0;
            TimeSpan? eta = _chars > 0 && seconds > 0 ? TimeSpan.FromSeconds((totalChars - _chars) * seconds / _chars) : null;
            var now = new EmbeddingProgress(Done, total, rate, elapsed, eta, final);
            progress?.Report(now);
            if (!final)
            {
                logger.LogInformation("Embedding {Done}/{Total} texts, {Rate:F0}/s, ETA {Eta}", Done, total, rate, EmbeddingProgress.Duration(eta));
            }

            return now;
        }
    }
}
