using Microsoft.Extensions.Time.Testing;

namespace KzBot.Telegram.Tests.Fakes;

/// <summary>
/// A fake clock that also tells the test when code starts waiting on it, so a test advances time only once the wait
/// it means to end has begun (advancing earlier would leave that wait pending forever).
/// </summary>
public sealed class WatchedClock : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _waits = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WatchedClock()
        : base(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TaskCompletionSource old;
        lock (_lock)
        {
            _waits.Add(dueTime);
            old = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        old.TrySetResult();
        return timer;
    }

    /// <summary>Waits until <paramref name="count"/> waits of exactly <paramref name="dueTime"/> have started.</summary>
    public async Task WaitForWaitsAsync(TimeSpan dueTime, int count = 1)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_waits.Count(w => w == dueTime) >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Nothing started waiting {dueTime}; waits seen: {string.Join(", ", _waits)}");
            }
        }
    }
}
