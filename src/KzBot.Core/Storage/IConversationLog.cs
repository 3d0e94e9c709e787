namespace KzBot.Core.Storage;

/// <summary>What happened in chats: answers given, which platform messages carry them, feedback, the admin audit and usage totals.</summary>
public interface IConversationLog : IStoreRole, IAnswerMessageMap
{
    Task RecordAnswerAsync(AnswerRecord record, CancellationToken cancellationToken);

    Task<AnswerRecord?> GetAnswerAsync(string answerId, CancellationToken cancellationToken);

    /// <summary>The latest answer given in a chat at or after <paramref name="notBefore"/>, for follow-ups.</summary>
    Task<AnswerRecord?> GetLatestAnswerAsync(string platform, string chatId, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>Stores a 👍/👎 press; the user's last press on an answer wins.</summary>
    Task RecordFeedbackAsync(FeedbackRecord feedback, CancellationToken cancellationToken);

    Task<int?> GetFeedbackAsync(string answerId, string platform, string userId, CancellationToken cancellationToken);

    Task RecordAuditAsync(AuditRecord entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditRecord>> ListAuditAsync(int top, CancellationToken cancellationToken);

    Task<UsageStatistics> GetUsageStatisticsAsync(CancellationToken cancellationToken);
}
