using KzBot.Telegram.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Telegram.Sending;

/// <summary>
/// Keeps sends under Telegram's limits (about 1 message per second per chat, about 30 overall) by making callers
/// wait their turn; nothing is dropped. Overall, time is cut into slots of 1/MessagesPerSecondOverall seconds and each
/// send takes a free slot, so no second ever holds more sends than allowed.
/// </summary>
internal sealed class SendRateLimiter(IOptions<TelegramOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, DateTimeOffset> _chatNext = [];
    private readonly SortedSet<long> _takenSlots = [];

    public async ValueTask WaitAsync(long chatId, CancellationToken cancellationToken)
    {
        var wait = Reserve(chatId);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>After a 429 for a chat, nothing more goes to that chat until Telegram's retry_after has passed.</summary>
    public void Pause(long chatId, TimeSpan retryAfter)
    {
        var until = time.GetUtcNow() + retryAfter;
        lock (_lock)
        {
            if (!_chatNext.TryGetValue(chatId, out var next) || next < until)
            {
                _chatNext[chatId] = until;
            }
        }
    }

    /// <summary>Books the next allowed send time for <paramref name="chatId"/> and returns how long to wait for it.</summary>
    internal TimeSpan Reserve(long chatId)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var at = now;
            if (_chatNext.TryGetValue(chatId, out var chatNext) && chatNext > at)
            {
                at = chatNext;
            }

            if (o.MessagesPerSecondOverall > 0)
            {
                var slotTicks = Math.Max(1, (long)(TimeSpan.TicksPerSecond / o.MessagesPerSecondOverall));
                var slot = (at.UtcTicks + slotTicks - 1) / slotTicks;
                var past = now.UtcTicks / slotTicks;
                while (_takenSlots.Count > 0 && _takenSlots.Min < past)
                {
                    _takenSlots.Remove(_takenSlots.Min);
                }

                while (!_takenSlots.Add(slot))
                {
                    slot++;
                }

                at = new DateTimeOffset(slot * slotTicks, TimeSpan.Zero);
            }

            if (o.MessagesPerSecondPerChat > 0)
            {
                _chatNext[chatId] = at + TimeSpan.FromSeconds(1 / o.MessagesPerSecondPerChat);
            }

            PruneChats(now);
            return at - now;
        }
    }

    // Chats whose next free time has passed need no entry; dropping them keeps memory flat over millions of chats.
    private void PruneChats(DateTimeOffset now)
    {
        if (_chatNext.Count < 1024)
        {
            return;
        }

        foreach (var (chat, next) in _chatNext.ToList())
        {
            if (next <= now)
            {
                _chatNext.Remove(chat);
            }
        }
    }
}
