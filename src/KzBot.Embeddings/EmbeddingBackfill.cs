using System.Threading.Channels;
using KzBot.Core.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

/// <summary>
/// Computes missing vectors in the background, so no process waits for them before answering: until they exist,
/// answers come from BM25 and from whatever vectors are already stored. A failed pass (endpoint down, model
/// error) is retried with exponential back-off; while another process holds the embedding lease, this one
/// polls the store and picks that process's vectors up as they appear.
/// </summary>
public sealed class EmbeddingBackfill(
    EmbeddingIndexer indexer,
    VectorIndex index,
    IOptions<EmbeddingOptions> options,
    TimeProvider time,
    ILogger<EmbeddingBackfill> logger) : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan IndexRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private readonly List<(long Request, TaskCompletionSource<EmbeddingStatus> Done)> _waiters = [];
    private Task? _loop;
    private long _requested;
    private long _settled;
    private int _changedElsewhere;
    private EmbeddingStatus _status = new(EmbeddingState.Idle);

    /// <summary>Raised on every change of state and on progress while embedding (on the background thread).</summary>
    public event Action<EmbeddingStatus>? StatusChanged;

    public EmbeddingStatus Status => Volatile.Read(ref _status);

    /// <summary>Asks for a pass (after a reload, at start-up); returns at once.</summary>
    public void Schedule()
    {
        lock (_lock)
        {
            _requested++;
            _loop ??= Task.Run(() => RunAsync(_stopping.Token));
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>
    /// Asks for a pass after another process changed the index. Its vectors may be stored by that process after this
    /// one's vector index was reloaded, so the index is reloaded again when a pass finds every vector stored,
    /// whichever process stored them.
    /// </summary>
    public void ScheduleAfterChangeElsewhere()
    {
        Volatile.Write(ref _changedElsewhere, 1);
        Schedule();
    }

    /// <summary>
    /// Completes when a pass that began after this call has finished with every vector stored or with a
    /// failure (the retries go on). Waiting for another process's lease is not finished: this waits with it.
    /// </summary>
    public Task<EmbeddingStatus> WhenSettledAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_settled >= _requested && _loop is not null)
            {
                return Task.FromResult(Status);
            }

            var done = new TaskCompletionSource<EmbeddingStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_requested, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var progress = new Progress(this);
        Task? pause = null;
        var failures = 0;
        var backOff = new ExponentialBackoff(options.Value.EmbeddingRetryDelay, options.Value.EmbeddingRetryMaxDelay);
        var lastMissing = -1;
        var lastRefresh = time.GetTimestamp();
        var missingAtRefresh = -1;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (pause is not null)
                {
                    await pause;
                }
                else
                {
                    await _wake.Reader.ReadAsync(stopping);
                }

                long request;
                lock (_lock)
                {
                    request = _requested;
                }

                // Taken before the pass reads the store, so only a pass that saw the other process's change answers it.
                var changedElsewhere = Interlocked.Exchange(ref _changedElsewhere, 0) == 1;

                EmbeddingPassResult result;
                try
                {
                    result = await indexer.EmbedMissingAsync(progress, stopping);
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    // The store failed (busy beyond its timeout, disk full): the same back-off as a failing model.
                    result = new EmbeddingPassResult(EmbeddingOutcome.Failed, 0, Status.Coverage ?? new(0, 0), Reason: ex.Message);
                }

                TimeSpan? wait = null;
                EmbeddingStatus status;
                long? settled = request;
                switch (result.Outcome)
                {
                    case EmbeddingOutcome.Complete:
                        if (failures > 0)
                        {
                            logger.LogInformation("Embeddings available again: every passage has its vectors");
                        }

                        if (result.Embedded == 0 && (lastMissing > 0 || changedElsewhere))
                        {
                            // Another process finished them.
                            index.Invalidate();
                        }

                        failures = 0;
                        backOff.Reset();
                        lastMissing = 0;
                        missingAtRefresh = -1;
                        status = new EmbeddingStatus(EmbeddingState.Idle, result.Coverage, Status.Progress);
                        break;

                    case EmbeddingOutcome.HeldElsewhere:
                        KeepChangedElsewhere(changedElsewhere);
                        // Reloading the vector index makes questions wait for it, so not at every poll.
                        if (missingAtRefresh < 0)
                        {
                            missingAtRefresh = result.Coverage.Missing;
                        }
                        else if (result.Coverage.Missing != missingAtRefresh && time.GetElapsedTime(lastRefresh) >= IndexRefreshInterval)
                        {
                            index.Invalidate();
                            lastRefresh = time.GetTimestamp();
                            missingAtRefresh = result.Coverage.Missing;
                        }

                        if (result.Coverage.Missing != lastMissing)
                        {
                            logger.LogInformation("{Holder} is embedding ({Done}/{Texts} passages have vectors); answering from what is stored meanwhile", result.Holder, result.Coverage.Done, result.Coverage.Texts);
                        }

                        lastMissing = result.Coverage.Missing;
                        wait = options.Value.EmbeddingPollInterval;
                        status = new EmbeddingStatus(EmbeddingState.WaitingForLease, result.Coverage, Holder: result.Holder);
                        settled = null;
                        break;

                    case EmbeddingOutcome.Failed:
                        KeepChangedElsewhere(changedElsewhere);
                        failures++;
                        lastMissing = result.Coverage.Missing;
                        var retryIn = backOff.Next();
                        wait = retryIn;
                        logger.LogWarning(
                            "Embedding failed ({Reason}): {Missing} of {Texts} passages have no vectors yet and are answered from word search; retry {Failures} in {Delay}",
                            result.Reason,
                            result.Coverage.Missing,
                            result.Coverage.Texts,
                            failures,
                            EmbeddingProgress.Duration(retryIn));
                        status = new EmbeddingStatus(EmbeddingState.RetryingAfterFailure, result.Coverage, Reason: result.Reason, Failures: failures, RetryIn: retryIn);
                        break;

                    default:
                        throw new InvalidOperationException($"Unknown embedding outcome {result.Outcome}.");
                }

                // The timer starts before anyone hears of the new state, so a clock moved on hearing it moves this wait.
                pause = wait is { } delay ? Task.Delay(delay, time, stopping) : null;
                Publish(status, settled);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void KeepChangedElsewhere(bool changedElsewhere)
    {
        if (changedElsewhere)
        {
            Volatile.Write(ref _changedElsewhere, 1);
        }
    }

    private void Publish(EmbeddingStatus status, long? settled)
    {
        Volatile.Write(ref _status, status);
        List<TaskCompletionSource<EmbeddingStatus>> release = [];
        if (settled is { } request)
        {
            lock (_lock)
            {
                _settled = Math.Max(_settled, request);
                release = _waiters.Where(w => w.Request <= request).Select(w => w.Done).ToList();
                _waiters.RemoveAll(w => w.Request <= request);
            }
        }

        StatusChanged?.Invoke(status);
        foreach (var done in release)
        {
            done.TrySetResult(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    public void Dispose()
    {
        // A CLI host is disposed synchronously; the loop releases the lease on its way out.
        _stopping.Cancel();
        _loop?.Wait(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private sealed class Progress(EmbeddingBackfill owner) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) =>
            owner.Publish(new EmbeddingStatus(EmbeddingState.Embedding, owner.Status.Coverage, value), settled: null);
    }
}
