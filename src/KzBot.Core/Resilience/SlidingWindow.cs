namespace KzBot.Core.Resilience;

/// <summary>
/// At most <c>limit</c> events in any <c>window</c>: the times of the recent events, oldest first. Not thread-safe;
/// callers hold their own lock.
/// </summary>
public sealed class SlidingWindow
{
    private readonly Queue<DateTimeOffset> _times;

    public SlidingWindow() => _times = new();

    /// <summary>A window that already holds these events (oldest first), e.g. as another process left them.</summary>
    public SlidingWindow(IEnumerable<DateTimeOffset> times) => _times = new(times);

    /// <summary>The events in the window, oldest first.</summary>
    public IReadOnlyCollection<DateTimeOffset> Times => _times;

    /// <summary>Events still inside the window as of the last call.</summary>
    public int Count => _times.Count;

    /// <summary>When the oldest event still inside the window happened; null when there is none.</summary>
    public DateTimeOffset? Oldest => _times.Count > 0 ? _times.Peek() : null;

    /// <summary>Counts an event whatever the limit (for callers that admit by other rules, then count what happened).</summary>
    public void Add(DateTimeOffset now) => _times.Enqueue(now);

    /// <summary>Counts an event at <paramref name="now"/> if the window has room; otherwise says how long until it will.</summary>
    public bool TryTake(DateTimeOffset now, int limit, TimeSpan window, out TimeSpan retryAfter)
    {
        Expire(now, window);
        if (_times.Count >= limit)
        {
            retryAfter = _times.Peek() + window - now;
            return false;
        }

        _times.Enqueue(now);
        retryAfter = TimeSpan.Zero;
        return true;
    }

    public void Expire(DateTimeOffset now, TimeSpan window)
    {
        while (_times.Count > 0 && now - _times.Peek() >= window)
        {
            _times.Dequeue();
        }
    }
}
