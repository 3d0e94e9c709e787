using KzBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace KzBot.Core.Chat;

/// <summary>
/// One message from arrival to reply, the same on every platform: find the answer a reply refers to, show the working
/// signal when the reply may take a while, ask the engine, turn a failure into an apology, send through the adapter
/// and remember which answer each sent message carries.
/// </summary>
public sealed class ChatTurn(ChatEngine engine, IAnswerMessageMap messages, ILogger<ChatTurn> logger)
{
    public async Task RunAsync(IncomingMessage message, IReplyTarget target, CancellationToken cancellationToken)
    {
        message = await WithRepliedAnswerAsync(message, cancellationToken);
        EngineReply reply;
        await using (engine.ExpectsSlowReply(message) ? await target.ShowWorkingAsync(cancellationToken) : null)
        {
            try
            {
                reply = await engine.HandleAsync(message, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Answering a {Platform} message in chat {ChatId} failed", message.Platform, message.ChatId);
                reply = EngineReply.Say(ChatTexts.Failure, isPrivate: true);
            }
        }

        if (reply.Kind == ReplyKind.None)
        {
            return;
        }

        var sent = await target.SendAsync(reply, cancellationToken);
        if (reply.Answer is { } answer)
        {
            await messages.RecordAnswerMessagesAsync(message.Platform, message.ChatId, sent, answer.Id, cancellationToken);
        }
    }

    /// <summary>Records a 👍/👎 press and returns what to tell the user; nothing is stored for an answer that does not exist.</summary>
    public async Task<FeedbackOutcome> FeedbackAsync(string platform, string userId, string answerId, int value, CancellationToken cancellationToken)
    {
        var recorded = await engine.RecordFeedbackAsync(platform, userId, answerId, value, cancellationToken);
        return new FeedbackOutcome(recorded, ChatTexts.ForFeedback(recorded, value));
    }

    private async Task<IncomingMessage> WithRepliedAnswerAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.ReplyToAnswerId is not null || !message.RepliesToBot || message.ReplyToMessageId is not { } replied)
        {
            return message;
        }

        var answerId = await messages.FindAnswerByMessageAsync(message.Platform, message.ChatId, replied, cancellationToken);
        return answerId is null ? message : message with { ReplyToAnswerId = answerId };
    }
}

/// <summary>Whether a 👍/👎 press was stored, and what to tell the user.</summary>
public sealed record FeedbackOutcome(bool Recorded, string Text);
