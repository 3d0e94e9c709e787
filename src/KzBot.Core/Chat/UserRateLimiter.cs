using System.Collections.Concurrent;
using KzBot.Core.Options;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Chat;

/// <summary>A sliding-window limit on questions per user, so one person cannot drown the bot.</summary>
public sealed class UserRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _windows = new();

    public bool TryAcquire(string key, out TimeSpan retryAfter)
    {
        var limit = options.Value.QuestionsPerWindow;
        retryAfter = TimeSpan.Zero;
        if (limit <= 0)
        {
            return true;
        }

        var window = options.Value.Window;
        var now = time.GetUtcNow();
        var queue = _windows.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() >= window)
            {
                queue.Dequeue();
            }

            if (queue.Count >= limit)
            {
                retryAfter = queue.Peek() + window - now;
                return false;
            }

            queue.Enqueue(now);
            return true;
        }
    }
}
