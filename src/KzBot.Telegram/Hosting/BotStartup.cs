using KzBot.Core.Chat;
using KzBot.Core.Hosting;
using KzBot.Core.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace KzBot.Telegram.Hosting;

/// <summary>What both receiving modes do first: learn who the bot is and publish the command menu.</summary>
internal sealed class BotStartup(
    BotIdentity identity,
    CommandMenu menu,
    TokenRedactor redactor,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    RunningBots bots,
    ILogger<BotStartup> logger)
{
    public const string TokenRejected = "Telegram: the token was rejected — check Telegram:BotToken. The Telegram bot has stopped.";

    /// <summary>A 401 means the token is wrong or revoked: retrying cannot help, and would hide the cause in a warning loop.</summary>
    public static bool IsTokenRejected(Exception exception) => exception is ApiRequestException { ErrorCode: 401 };

    public void StopForRejectedToken() => bots.ReportStopped("telegram", TokenRejected);

    public async Task RunAsync(ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        var me = await RetryUntilDoneAsync("getMe", () => bot.GetMe(cancellationToken), cancellationToken);
        identity.Set(me);
        logger.LogInformation("Telegram bot @{Username} ({Id}) connected", me.Username, me.Id);

        // A missing menu is cosmetic: log it and keep serving.
        try
        {
            await menu.PublishAsync(bot, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not set the Telegram command menu: {Error}", redactor.Describe(ex));
        }
    }

    /// <summary>
    /// Retries with back-off until the call succeeds: a Bot API that is down at start-up must not stop the host. A
    /// rejected token is not retried (see <see cref="IsTokenRejected"/>).
    /// </summary>
    public async Task<T> RetryUntilDoneAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var delays = new ExponentialBackoff(options.Value.RetryDelay, options.Value.RetryDelayMax);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !IsTokenRejected(ex))
            {
                var delay = delays.Next();
                logger.LogWarning("Telegram {Call} failed, retrying in {Delay}: {Error}", what, delay, redactor.Describe(ex));
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    public Task RetryUntilDoneAsync(string what, Func<Task> call, CancellationToken cancellationToken) =>
        RetryUntilDoneAsync(what, async () =>
        {
            await call();
            return true;
        }, cancellationToken);
}

/// <summary>The "/" menu from the command catalogue: public commands for everyone, every command in each admin's private chat.</summary>
internal sealed class CommandMenu(IOptions<TelegramOptions> options)
{
    public async Task PublishAsync(ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        await bot.SetMyCommands(Menu(CommandCatalogue.Public), BotCommandScope.Default(), cancellationToken: cancellationToken);

        // Admins are configured user ids; a private chat's id is the user's id, so the chat scope reaches exactly them.
        foreach (var admin in options.Value.AdminUserIds.Distinct())
        {
            await bot.SetMyCommands(Menu(CommandCatalogue.All), BotCommandScope.Chat(admin), cancellationToken: cancellationToken);
        }
    }

    private static List<BotCommand> Menu(IEnumerable<ChatCommand> commands) =>
        [.. commands.Select(c => new BotCommand { Command = c.Name, Description = c.Description })];
}
