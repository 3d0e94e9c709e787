using System.Collections.Concurrent;

namespace KzBot.Core.Chat;

/// <summary>Confirmations held by the one process that asked (the SQLite store serves a single process).</summary>
public sealed class InProcessPendingConfirmations(TimeProvider time) : IPendingConfirmations
{
    private readonly ConcurrentDictionary<string, PendingAction> _pending = new(StringComparer.Ordinal);

    public ValueTask<string> CreateAsync(string platform, string userId, string command, string argument, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (token, old) in _pending)
        {
            if (old.Expires <= now)
            {
                _pending.TryRemove(token, out _);
            }
        }

        var created = PendingConfirmations.NewToken();
        _pending[created] = new PendingAction(platform, userId, command, argument, now + PendingConfirmations.Lifetime);
        return ValueTask.FromResult(created);
    }

    public ValueTask<TakenConfirmation> TakeAsync(string token, string platform, string userId, CancellationToken cancellationToken)
    {
        if (_pending.TryGetValue(token, out var action) && !PendingConfirmations.BelongsTo(action, platform, userId))
        {
            return ValueTask.FromResult(new TakenConfirmation(null, PendingConfirmations.NotYours));
        }

        _pending.TryRemove(token, out var taken);
        return ValueTask.FromResult(PendingConfirmations.Judge(taken, time.GetUtcNow()));
    }
}
