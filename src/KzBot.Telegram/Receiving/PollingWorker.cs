using KzBot.Telegram.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Polling;
using Telegram.Bot.Types.Enums;

namespace KzBot.Telegram.Receiving;

/// <summary>
/// Long polling: removes any webhook (getUpdates is refused while one is set), then receives with the library's
/// <c>ReceiveAsync</c> and only queues each update, so the next getUpdates is not held up by answering.
/// </summary>
internal sealed class PollingWorker(
    TelegramClientFactory clients,
    BotStartup startup,
    UpdateQueue queue,
    TokenRedactor redactor,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<PollingWorker> logger) : BackgroundService
{
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var bot = clients.Create();
            await startup.RunAsync(bot, stoppingToken);
            await startup.RetryUntilDoneAsync("deleteWebhook", () => bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken: stoppingToken), stoppingToken);

            var delays = new RetryDelays(options.Value.RetryDelay, options.Value.RetryDelayMax);
            await bot.ReceiveAsync(
                async (_, update, ct) =>
                {
                    delays.Reset();
                    await queue.EnqueueAsync(update, ct);
                },
                async (_, exception, ct) =>
                {
                    // The library retries getUpdates immediately after an error; without this wait a dead
                    // server would make the loop spin.
                    var delay = delays.Next();
                    logger.LogWarning("Telegram getUpdates failed, retrying in {Delay}: {Error}", delay, redactor.Describe(exception));
                    await Task.Delay(delay, time, ct);
                },
                new ReceiverOptions { AllowedUpdates = AllowedUpdates },
                stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
