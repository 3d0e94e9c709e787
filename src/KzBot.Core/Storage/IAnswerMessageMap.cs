namespace KzBot.Core.Storage;

/// <summary>
/// Which answer each of the bot's platform messages carries, so a reply to that message is a follow-up of the answer
/// even after a restart. Keyed by platform and chat because some platforms (Telegram) number messages per chat.
/// </summary>
public interface IAnswerMessageMap
{
    Task RecordAnswerMessagesAsync(string platform, string chatId, IReadOnlyCollection<string> messageIds, string answerId, CancellationToken cancellationToken);

    /// <summary>The answer carried by a bot message, or null when the message carries none (or is unknown).</summary>
    Task<string?> FindAnswerByMessageAsync(string platform, string chatId, string messageId, CancellationToken cancellationToken);
}
