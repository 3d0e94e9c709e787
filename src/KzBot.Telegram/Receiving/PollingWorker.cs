using System.Runtime.ExceptionServices;
using KzBot.Core.Coordination;
using KzBot.Core.Resilience;
using KzBot.Telegram.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types.Enums;

namespace KzBot.Telegram.Receiving;

/// <summary>
/// Long polling: removes any webhook (getUpdates is refused while one is set), waits to be elected poller (always
/// at once for a single process), then receives with the library's <c>ReceiveAsync</c> and only queues each update,
/// so the next getUpdates is not held up by answering.
/// </summary>
internal sealed class PollingWorker(
    TelegramClientFactory clients,
    BotStartup startup,
    UpdateQueue queue,
    TokenRedactor redactor,
    IOptions<TelegramOptions> options,
    ILeaderElection election,
    TimeProvider time,
    ILogger<PollingWorker> logger) : BackgroundService
{
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var bot = clients.Create();
            bot.Timeout = options.Value.PollingTimeout;
            await startup.RunAsync(bot, stoppingToken);
            await startup.RetryUntilDoneAsync("deleteWebhook", () => bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken: stoppingToken), stoppingToken);

            // Replicas on one database take turns: only the elected one polls, the others stand by to take over.
            var role = "telegram-poller:" + options.Value.BotToken!.Split(':')[0];
            while (!stoppingToken.IsCancellationRequested)
            {
                await using var leadership = await election.WaitForLeadershipAsync(role, stoppingToken);
                using var polling = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, leadership.Lost);
                try
                {
                    await PollAsync(bot, polling.Token);
                }
                catch (OperationCanceledException) when (leadership.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                }

                if (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("No longer the Telegram poller; standing by until elected again");
                }
            }
        }
        catch (ApiRequestException ex) when (BotStartup.IsTokenRejected(ex))
        {
            startup.StopForRejectedToken();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Polls until <paramref name="stoppingToken"/> fires: on shutdown, or when another replica took over.</summary>
    private async Task PollAsync(ITelegramBotClient bot, CancellationToken stoppingToken)
    {
        var delays = new ExponentialBackoff(options.Value.RetryDelay, options.Value.RetryDelayMax);
        int? nextOffset = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            await bot.ReceiveAsync(
                async (_, update, ct) =>
                {
                    delays.Reset();
                    await queue.EnqueueAsync(update, ct);
                    nextOffset = update.Id + 1;
                },
                async (_, exception, ct) =>
                {
                    // Thrown on, it ends ReceiveAsync and so the bot (below).
                    if (BotStartup.IsTokenRejected(exception))
                    {
                        ExceptionDispatchInfo.Throw(exception);
                    }

                    // The poll and the HTTP request share one timeout, so an idle poll can end as a client-side
                    // timeout: that is not a failure, and the next poll may go out at once.
                    if (exception is RequestException { InnerException: TaskCanceledException } && !ct.IsCancellationRequested)
                    {
                        logger.LogDebug("Telegram long poll timed out on the client side");
                        return;
                    }

                    // The library retries getUpdates immediately after an error; without this wait a dead
                    // server would make the loop spin.
                    var delay = delays.Next();
                    logger.LogWarning("Telegram getUpdates failed, retrying in {Delay}: {Error}", delay, redactor.Describe(exception));
                    await Task.Delay(delay, time, ct);
                },
                new ReceiverOptions { AllowedUpdates = AllowedUpdates, Offset = nextOffset },
                stoppingToken);

            // ReceiveAsync returns early when a request is cancelled from below; carry on from the last queued update
            // so nothing is lost or handled twice.
            if (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Telegram polling stopped unexpectedly; resuming");
                await Task.Delay(delays.Next(), time, stoppingToken);
            }
        }
    }
}
