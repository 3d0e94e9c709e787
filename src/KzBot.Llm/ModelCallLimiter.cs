using Microsoft.Extensions.Options;

namespace KzBot.Llm;

/// <summary>
/// Caps model calls in flight (<see cref="LlmOptions.MaxConcurrentCalls"/>): a burst of questions waits its turn
/// instead of overloading the endpoint. A question that waits longer than one call's timeout gets the fallback.
/// </summary>
public sealed class ModelCallLimiter(IOptions<LlmOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentCalls, options.Value.MaxConcurrentCalls);
    private int _waiting;

    /// <summary>Questions waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>A held slot (dispose to release), or null when none came free in time.</summary>
    public async Task<IDisposable?> AcquireAsync(CancellationToken cancellationToken)
    {
        using var patience = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(patience.Token, cancellationToken);
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(linked.Token);
            return new Slot(_slots);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
