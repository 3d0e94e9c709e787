using System.Globalization;
using KzBot.Core.Chat;
using KzBot.Core.Storage;
using KzBot.Telegram.Hosting;
using KzBot.Telegram.Rendering;
using KzBot.Telegram.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace KzBot.Telegram.Receiving;

/// <summary>Handles one update: a message goes through the <see cref="ChatEngine"/>, a button press records feedback.</summary>
internal sealed class UpdateHandler(
    ChatEngine engine,
    IKnowledgeStore store,
    BotIdentity identity,
    TelegramSender sender,
    TypingIndicator typing,
    TokenRedactor redactor,
    IOptions<TelegramOptions> options,
    ILogger<UpdateHandler> logger)
{
    private const string Failure = "Sorry, something went wrong while I was answering. Please try again in a moment.";

    public async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.Message is { } message)
        {
            await HandleMessageAsync(message, cancellationToken);
        }
        else if (update.CallbackQuery is { } query)
        {
            await HandleCallbackAsync(query, cancellationToken);
        }
    }

    private async Task HandleMessageAsync(Message message, CancellationToken cancellationToken)
    {
        var me = await identity.GetAsync(cancellationToken);
        var incoming = MessageAddressing.ToIncoming(message, me, options.Value.AdminUserIds);
        if (incoming is null || incoming.IsFromBot)
        {
            return;
        }

        var chatId = message.Chat.Id;
        var threadId = message.IsTopicMessage ? message.MessageThreadId : null;

        EngineReply reply;
        using (MightAnswer(incoming) ? await typing.StartAsync(chatId, threadId, cancellationToken) : null)
        {
            try
            {
                reply = await engine.HandleAsync(incoming, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError("Telegram message in chat {ChatId} failed: {Error}", chatId, redactor.Describe(ex));
                reply = EngineReply.Say(Failure);
            }
        }

        if (reply.Kind == ReplyKind.None)
        {
            return;
        }

        var html = reply.Kind == ReplyKind.Answer && reply.Answer is { } answer
            ? AnswerHtmlRenderer.RenderAnswer(answer)
            : AnswerHtmlRenderer.RenderText(reply.Text ?? "");
        if (string.IsNullOrWhiteSpace(html))
        {
            return;
        }

        var keyboard = reply.Answer is { } a ? FeedbackButtons.For(a.Id) : null;
        var outgoing = new OutgoingMessage(chatId, HtmlSplitter.Split(html), message.MessageId, threadId, keyboard);
        try
        {
            await sender.SendAsync(outgoing, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("Could not deliver a reply to chat {ChatId}: {Error}", chatId, redactor.Describe(ex));
        }
    }

    private async Task HandleCallbackAsync(CallbackQuery query, CancellationToken cancellationToken)
    {
        string acknowledgement;
        if (!FeedbackButtons.TryParse(query.Data, out var answerId, out var value))
        {
            acknowledgement = "";
        }
        else if (await store.GetAnswerAsync(answerId, cancellationToken) is null)
        {
            acknowledgement = "That answer is no longer available.";
        }
        else
        {
            var user = query.From.Id.ToString(CultureInfo.InvariantCulture);
            await engine.RecordFeedbackAsync(MessageAddressing.Platform, user, answerId, value, cancellationToken);
            acknowledgement = value > 0 ? "Thanks — glad it helped." : "Thanks — noted. It helps improve the sources.";
            if (query.Message is { } shown)
            {
                await TryAsync(
                    bot => bot.EditMessageReplyMarkup(shown.Chat.Id, shown.MessageId, FeedbackButtons.For(answerId, value), cancellationToken: cancellationToken),
                    cancellationToken);
            }
        }

        // Always answered, or the user's client keeps a spinner on the button.
        await TryAsync(bot => bot.AnswerCallbackQuery(query.Id, acknowledgement.Length == 0 ? null : acknowledgement, cancellationToken: cancellationToken), cancellationToken);
    }

    private async Task TryAsync(Func<ITelegramBotClient, Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await sender.CallAsync(call, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Telegram call failed: {Error}", redactor.Describe(ex));
        }
    }

    // Typing only where an answer is being composed: not at every message in a busy group, and not for quick
    // commands such as /help whose reply is instant.
    private static bool MightAnswer(IncomingMessage m) =>
        m.Text.StartsWith('/') ? m.Text.StartsWith("/ask", StringComparison.OrdinalIgnoreCase) : m.IsAddressedToBot;
}
