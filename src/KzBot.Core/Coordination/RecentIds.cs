namespace KzBot.Core.Coordination;

/// <summary>
/// The last N ids seen, for platforms that may deliver an event twice (a Discord resume replays what it thinks we
/// missed, Telegram re-sends a webhook update it saw no answer to), so each is handled at most once.
/// </summary>
public sealed class RecentIds(int capacity)
{
    private readonly HashSet<string> _set = [];
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>True the first time an id is seen.</summary>
    public bool TryAdd(string id)
    {
        lock (_lock)
        {
            if (!_set.Add(id))
            {
                return false;
            }

            _order.Enqueue(id);
            if (_order.Count > capacity)
            {
                _set.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>Forgets an id, so it counts as new again.</summary>
    public void Remove(string id)
    {
        lock (_lock)
        {
            // Its place in the eviction order stays; evicting an id that is no longer in the set is harmless.
            _set.Remove(id);
        }
    }
}
