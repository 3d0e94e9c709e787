using KzBot.Telegram.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace KzBot.Telegram.Receiving;

/// <summary>
/// Takes updates off the queue and processes them concurrently, at most MaxConcurrentUpdates at once, while keeping
/// each chat's updates in the order they arrived: a slow answer in one chat never holds up another chat.
/// </summary>
internal sealed class UpdateDispatcher(
    UpdateQueue queue,
    UpdateHandler handler,
    TokenRedactor redactor,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<UpdateDispatcher> logger) : BackgroundService
{
    /// <summary>How long a stopping bot keeps working on updates it already took from Telegram.</summary>
    internal static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var max = options.Value.MaxConcurrentUpdates;
        using var running = new SemaphoreSlim(max);

        // Bounds updates taken off the queue but still waiting behind an earlier update of their chat, so a busy
        // chat cannot pull the whole queue into memory.
        using var admitted = new SemaphoreSlim(max * 4);
        var tails = new Dictionary<long, Task>();

        // Work runs on its own token: on shutdown, Telegram has already counted queued updates as delivered, so they
        // are finished (for up to DrainTime) rather than dropped.
        using var processing = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);

        void Schedule(Update update)
        {
            var chat = ChatOf(update);
            Task task;
            lock (tails)
            {
                var previous = tails.GetValueOrDefault(chat) ?? Task.CompletedTask;
                task = RunAfterAsync(previous, update, running, admitted, processing.Token);
                tails[chat] = task;
            }

            _ = task.ContinueWith(
                done =>
                {
                    lock (tails)
                    {
                        if (tails.TryGetValue(chat, out var current) && current == done)
                        {
                            tails.Remove(chat);
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        try
        {
            // A slot first, then the update: an update read from the queue is never dropped by a cancelled wait.
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await admitted.WaitAsync(stoppingToken);
                if (queue.Reader.TryRead(out var update))
                {
                    Schedule(update);
                }
                else
                {
                    admitted.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // The receivers stop before this service (hosted services stop in reverse order), so the queue only shrinks now.
        processing.CancelAfter(DrainTime);
        var leftover = 0;
        while (queue.Reader.TryRead(out var update))
        {
            await admitted.WaitAsync(CancellationToken.None);
            Schedule(update);
            leftover++;
        }

        Task[] pending;
        lock (tails)
        {
            pending = [.. tails.Values];
        }

        if (pending.Length > 0)
        {
            logger.LogInformation("Telegram stopping: finishing {Count} chats' updates ({Leftover} were still queued)", pending.Length, leftover);
        }

        await Task.WhenAll(pending);
    }

    private async Task RunAfterAsync(Task previous, Update update, SemaphoreSlim running, SemaphoreSlim admitted, CancellationToken cancellationToken)
    {
        try
        {
            await previous;
            await running.WaitAsync(cancellationToken);
            try
            {
                await handler.HandleAsync(update, cancellationToken);
            }
            finally
            {
                running.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The handler reports failures to the user itself; this only keeps one bad update from stopping the bot.
            logger.LogError("Telegram update {UpdateId} failed: {Error}", update.Id, redactor.Describe(ex));
        }
        finally
        {
            admitted.Release();
        }
    }

    internal static long ChatOf(Update update) =>
        update.Message?.Chat.Id
        ?? update.CallbackQuery?.Message?.Chat.Id
        ?? update.CallbackQuery?.From.Id
        ?? 0;
}
