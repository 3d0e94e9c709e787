using KzBot.Telegram.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace KzBot.Telegram.Sending;

/// <summary>
/// Sends replies within the rate limits and makes sure they arrive: a 429 waits retry_after and tries again, rejected
/// formatting is re-sent as plain text, and a group that became a supergroup is followed to its new id.
/// </summary>
internal sealed class TelegramSender(
    TelegramClientFactory clients,
    SendRateLimiter limiter,
    TokenRedactor redactor,
    TimeProvider time,
    ILogger<TelegramSender> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>Sends every part; returns the sent messages' ids.</summary>
    public async Task<IReadOnlyList<string>> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var bot = clients.Create();
        var chatId = message.ChatId;
        var sent = new List<string>(message.HtmlParts.Count);
        for (var i = 0; i < message.HtmlParts.Count; i++)
        {
            var reply = i == 0 && message.ReplyToMessageId is { } replyTo
                ? new ReplyParameters { MessageId = replyTo, AllowSendingWithoutReply = true }
                : null;
            var keyboard = i == message.HtmlParts.Count - 1 ? message.Keyboard : null;
            (chatId, var id) = await SendPartAsync(bot, chatId, message.HtmlParts[i], reply, keyboard, message.MessageThreadId, cancellationToken);
            sent.Add(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return sent;
    }

    /// <summary>Runs a call that is not a message (callback answers, keyboard edits), waiting out 429s.</summary>
    public async Task CallAsync(Func<ITelegramBotClient, Task> call, CancellationToken cancellationToken)
    {
        var bot = clients.Create();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call(bot);
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429 && attempt < MaxAttempts)
            {
                await Task.Delay(RetryAfter(ex), time, cancellationToken);
            }
        }
    }

    private async Task<(long ChatId, int MessageId)> SendPartAsync(
        ITelegramBotClient bot,
        long chatId,
        string html,
        ReplyParameters? reply,
        InlineKeyboardMarkup? keyboard,
        int? threadId,
        CancellationToken cancellationToken)
    {
        var text = html;
        var mode = ParseMode.Html;
        for (var attempt = 1; ; attempt++)
        {
            await limiter.WaitAsync(chatId, cancellationToken);
            try
            {
                var sent = await bot.SendMessage(
                    chatId,
                    text,
                    mode,
                    reply,
                    keyboard,
                    new LinkPreviewOptions { IsDisabled = true },
                    threadId,
                    cancellationToken: cancellationToken);
                return (chatId, sent.MessageId);
            }
            catch (ApiRequestException ex) when (attempt < MaxAttempts && ex.ErrorCode == 429)
            {
                var wait = RetryAfter(ex);
                logger.LogWarning("Telegram asked to slow down for chat {ChatId}; retrying in {Wait}", chatId, wait);
                limiter.Pause(chatId, wait);
            }
            catch (ApiRequestException ex) when (attempt < MaxAttempts && mode == ParseMode.Html && IsFormattingError(ex))
            {
                logger.LogWarning("Telegram rejected the formatting ({Error}); sending plain text", redactor.Redact(ex.Message));
                text = Rendering.TelegramHtml.ToPlain(html);
                mode = ParseMode.None;
            }
            catch (ApiRequestException ex) when (attempt < MaxAttempts && ex.Parameters?.MigrateToChatId is { } newChatId)
            {
                logger.LogInformation("Chat {ChatId} became supergroup {NewChatId}", chatId, newChatId);
                chatId = newChatId;
            }
        }
    }

    private static TimeSpan RetryAfter(ApiRequestException ex) => TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 1));

    private static bool IsFormattingError(ApiRequestException ex) =>
        ex.ErrorCode == 400 && (ex.Message.Contains("parse entities", StringComparison.OrdinalIgnoreCase)
            || ex.Message.Contains("can't find end", StringComparison.OrdinalIgnoreCase)
            || ex.Message.Contains("unsupported start tag", StringComparison.OrdinalIgnoreCase));
}
