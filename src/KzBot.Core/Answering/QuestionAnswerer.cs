using System.Text.Json;
using KzBot.Core.Chat;
using KzBot.Core.Languages;
using KzBot.Core.Options;
using KzBot.Core.Retrieval;
using KzBot.Core.Storage;
using KzBot.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Answering;

/// <summary>Turns one question into one recorded answer: find its context, rewrite it for search, retrieve, compose, remember.</summary>
public sealed class QuestionAnswerer(
    IRetriever retriever,
    IAnswerComposer composer,
    IQuestionRewriter rewriter,
    FollowUpResolver followUps,
    IConversationLog store,
    IOptions<RetrievalOptions> retrievalOptions,
    TimeProvider time,
    KzBotMetrics metrics,
    ILogger<QuestionAnswerer> logger)
{
    /// <summary>Answers <paramref name="message"/>'s text (already sanitised and bounded by the engine).</summary>
    public async Task<Answer> AnswerAsync(IncomingMessage message, CancellationToken cancellationToken, bool record = true)
    {
        var started = time.GetTimestamp();
        var id = AnswerIds.New();
        var question = message.Text;

        var language = LanguageDetector.Detect(question);
        var previous = await followUps.ResolveAsync(message, question, cancellationToken);
        var searchQuery = await rewriter.RewriteAsync(new RewriteRequest(question, language, previous), cancellationToken);

        var retrievalStarted = time.GetTimestamp();
        var retrieval = await retriever.RetrieveAsync(searchQuery, retrievalOptions.Value.TopPassages, cancellationToken);
        metrics.RecordRetrieval(time.GetElapsedTime(retrievalStarted));
        var answer = await composer.ComposeAsync(new ComposeRequest(id, question, searchQuery, retrieval, language, previous), cancellationToken);

        var elapsed = time.GetElapsedTime(started);
        metrics.RecordAnswer(message.Platform, answer.Refused, elapsed);
        logger.LogInformation(
            "Answered {Platform} question ({Language}, follow-up={FollowUp}) in {ElapsedMs:F1} ms: refused={Refused}, citations={Citations}",
            message.Platform,
            language,
            previous is not null,
            elapsed.TotalMilliseconds,
            answer.Refused,
            answer.Citations.Count);

        if (record)
        {
            await store.RecordAnswerAsync(
                new AnswerRecord(
                    answer.Id,
                    message.Platform,
                    message.ChatId,
                    message.UserId,
                    question,
                    answer.Text,
                    answer.Refused,
                    elapsed.TotalMilliseconds,
                    time.GetUtcNow(),
                    JsonSerializer.Serialize(answer.Citations, CoreJsonContext.Default.IReadOnlyListCitation)),
                cancellationToken);
        }

        return answer;
    }
}
