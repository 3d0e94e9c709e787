namespace KzBot.Discord.Bot;

/// <summary>
/// The last N ids seen. Discord may deliver an event twice (a resume replays what it thinks we missed), so every
/// message and interaction is handled at most once.
/// </summary>
internal sealed class RecentIds(int capacity)
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
}

/// <summary>Which answer each of our messages carries, so a reply to it can be a follow-up of that answer.</summary>
internal sealed class SentAnswers(int capacity)
{
    private readonly Dictionary<string, string> _byMessage = [];
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    public void Add(string messageId, string answerId)
    {
        lock (_lock)
        {
            if (_byMessage.TryAdd(messageId, answerId))
            {
                _order.Enqueue(messageId);
                if (_order.Count > capacity)
                {
                    _byMessage.Remove(_order.Dequeue());
                }
            }
        }
    }

    public string? Find(string? messageId)
    {
        if (messageId is null)
        {
            return null;
        }

        lock (_lock)
        {
            return _byMessage.GetValueOrDefault(messageId);
        }
    }
}
