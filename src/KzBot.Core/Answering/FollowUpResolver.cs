using KzBot.Core.Chat;
using KzBot.Core.Options;
using KzBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Answering;

/// <summary>
/// Finds the earlier answer a message follows up on. Context comes from the answers the store already keeps per
/// chat, so it survives a restart, and it is bounded: one turn, no older than <see cref="AnsweringOptions.FollowUpMaxAge"/>,
/// its answer cut to <see cref="AnsweringOptions.FollowUpContextChars"/>.
/// </summary>
public sealed class FollowUpResolver(IConversationLog store, IOptions<AnsweringOptions> options, TimeProvider time)
{
    // Openings that only make sense after an earlier question. Matched on the lower-cased question.
    private static readonly string[] Openers =
    [
        "and ", "but ", "so ", "also ", "what about", "how about", "what else", "then ", "is that", "was that",
        "а ", "и ", "ещё", "еще", "ал ", "және ",
    ];

    // "Why?" and "When?" only make sense after a question; "Why did Kazakhstan abstain?" stands on its own.
    private const int ShortQuestionWords = 2;
    private const int MaxFollowUpWords = 8;

    public async Task<ConversationTurn?> ResolveAsync(IncomingMessage message, string question, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var notBefore = time.GetUtcNow() - settings.FollowUpMaxAge;
        AnswerRecord? record = null;
        if (message.ReplyToAnswerId is { Length: > 0 } replyTo)
        {
            // A reply names the answer; it must be from the same chat so one chat never sees another's questions.
            record = await store.GetAnswerAsync(replyTo, cancellationToken);
            if (record is not null && (record.Platform != message.Platform || record.ChatId != message.ChatId || record.At < notBefore))
            {
                record = null;
            }
        }
        else if (LooksLikeFollowUp(question))
        {
            record = await store.GetLatestAnswerAsync(message.Platform, message.ChatId, notBefore, cancellationToken);
        }

        if (record is null)
        {
            return null;
        }

        var answer = record.AnswerText.Length <= settings.FollowUpContextChars ? record.AnswerText : record.AnswerText[..settings.FollowUpContextChars] + "…";
        return new ConversationTurn(record.Id, record.Question, answer, record.At);
    }

    /// <summary>True for a question that leans on an earlier one: it opens like a continuation, or is only a word or two.</summary>
    public static bool LooksLikeFollowUp(string question)
    {
        var q = question.Trim().ToLowerInvariant();
        if (q.Length == 0)
        {
            return false;
        }

        var words = q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return words <= ShortQuestionWords || (words <= MaxFollowUpWords && Openers.Any(o => q.StartsWith(o, StringComparison.Ordinal)));
    }
}
