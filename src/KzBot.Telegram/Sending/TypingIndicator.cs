using KzBot.Telegram.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace KzBot.Telegram.Sending;

/// <summary>
/// "typing…" from the moment a question arrives until the answer is ready. Telegram shows it for about 5 seconds,
/// so it is repeated every TypingInterval. Not counted against the message limits: it is not a message.
/// </summary>
internal sealed class TypingIndicator(
    TelegramClientFactory clients,
    TokenRedactor redactor,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TypingIndicator> logger)
{
    /// <summary>
    /// Shows typing; disposing the result stops it. Returns once the first indicator is sent (or after a second at
    /// most), so the indicator cannot arrive after a fast answer.
    /// </summary>
    public async Task<IAsyncDisposable> StartAsync(long chatId, int? messageThreadId, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = LoopAsync(chatId, messageThreadId, first, stop.Token);
        try
        {
            await first.Task.WaitAsync(TimeSpan.FromSeconds(1), time, cancellationToken);
        }
        catch (TimeoutException)
        {
        }

        return new Stopper(stop);
    }

    private async Task LoopAsync(long chatId, int? messageThreadId, TaskCompletionSource first, CancellationToken cancellationToken)
    {
        var bot = clients.Create();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await bot.SendChatAction(chatId, ChatAction.Typing, messageThreadId, cancellationToken: cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Cosmetic: the answer still goes out.
                    logger.LogDebug("sendChatAction failed: {Error}", redactor.Describe(ex));
                }

                first.TrySetResult();
                await Task.Delay(options.Value.TypingInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            first.TrySetResult();
        }
    }

    private sealed class Stopper(CancellationTokenSource stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            stop.Dispose();
        }
    }
}
