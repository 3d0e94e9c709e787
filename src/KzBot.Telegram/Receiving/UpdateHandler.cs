using System.Globalization;
using KzBot.Core.Chat;
using KzBot.Telegram.Hosting;
using KzBot.Telegram.Rendering;
using KzBot.Telegram.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace KzBot.Telegram.Receiving;

/// <summary>Handles one update: a message goes through the <see cref="ChatTurn"/>, a button press records feedback.</summary>
internal sealed class UpdateHandler(
    ChatTurn turn,
    ChatEngine engine,
    DocumentDownload documents,
    BotIdentity identity,
    TelegramSender sender,
    TypingIndicator typing,
    TokenRedactor redactor,
    IOptions<TelegramOptions> options,
    ILogger<UpdateHandler> logger)
{
    private TypingIndicator Typing => typing;

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
        if (incoming is null)
        {
            return;
        }

        if (DocumentDownload.DocumentOf(message) is { } document)
        {
            incoming = incoming with { Attachment = documents.For(document) };
        }

        await turn.RunAsync(incoming, new ChatReply(this, message), cancellationToken);
    }

    private async Task<IReadOnlyList<string>> SendAsync(Message message, EngineReply reply, CancellationToken cancellationToken)
    {
        var html = reply.Kind == ReplyKind.Answer && reply.Answer is { } answer
            ? AnswerHtmlRenderer.RenderAnswer(answer)
            : AnswerHtmlRenderer.RenderText(reply.Text ?? "");
        if (string.IsNullOrWhiteSpace(html))
        {
            return [];
        }

        var keyboard = reply.Answer is { } a ? FeedbackButtons.For(a.Id) : reply.Confirm is { } c ? ConfirmButtons.For(c) : null;
        var outgoing = new OutgoingMessage(message.Chat.Id, HtmlSplitter.Split(html), message.MessageId, ThreadOf(message), keyboard);
        try
        {
            return await sender.SendAsync(outgoing, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("Could not deliver a reply to chat {ChatId}: {Error}", message.Chat.Id, redactor.Describe(ex));
            return [];
        }
    }

    private async Task HandleCallbackAsync(CallbackQuery query, CancellationToken cancellationToken)
    {
        var acknowledgement = "";
        if (FeedbackButtons.TryParse(query.Data, out var answerId, out var value))
        {
            var user = query.From.Id.ToString(CultureInfo.InvariantCulture);
            var outcome = await turn.FeedbackAsync(MessageAddressing.Platform, user, answerId, value, cancellationToken);
            acknowledgement = outcome.Text;
            if (outcome.Recorded && query.Message is { } shown)
            {
                await TryAsync(
                    bot => bot.EditMessageReplyMarkup(shown.Chat.Id, shown.MessageId, FeedbackButtons.For(answerId, value), cancellationToken: cancellationToken),
                    cancellationToken);
            }
        }

        else if (ConfirmButtons.TryParse(query.Data, out var token) && query.Message is { } question)
        {
            var confirmer = new IncomingMessage
            {
                Platform = MessageAddressing.Platform,
                ChatId = question.Chat.Id.ToString(CultureInfo.InvariantCulture),
                UserId = query.From.Id.ToString(CultureInfo.InvariantCulture),
                UserName = query.From.Username ?? query.From.FirstName,
                Text = "",
                IsAdmin = options.Value.AdminUserIds.Contains(query.From.Id),
            };
            var reply = await engine.ConfirmAsync(confirmer, token, cancellationToken);
            acknowledgement = reply.Failed ? reply.Text ?? "" : "Done";
            if (!reply.Failed)
            {
                await TryAsync(bot => bot.EditMessageReplyMarkup(question.Chat.Id, question.MessageId, null, cancellationToken: cancellationToken), cancellationToken);
                await SendAsync(question, reply, cancellationToken);
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

    private static int? ThreadOf(Message message) => message.IsTopicMessage ? message.MessageThreadId : null;

    private sealed class ChatReply(UpdateHandler handler, Message message) : IReplyTarget
    {
        public async Task<IAsyncDisposable> ShowWorkingAsync(CancellationToken cancellationToken) =>
            await handler.Typing.StartAsync(message.Chat.Id, ThreadOf(message), cancellationToken);

        public Task<IReadOnlyList<string>> SendAsync(EngineReply reply, CancellationToken cancellationToken) =>
            handler.SendAsync(message, reply, cancellationToken);
    }
}
