using KzBot.Core.Answering;
using KzBot.Core.Languages;

namespace KzBot.Llm;

/// <summary>
/// Asks the model for the standalone English question to search for: a follow-up gets its missing subject from
/// the earlier turn, and a Russian or Kazakh question is translated, since the sources are English. An English
/// question with no earlier turn needs no call. If the model fails or replies with something that is not one
/// short question, the offline context merge is used instead.
/// </summary>
public sealed class LlmQuestionRewriter(ChatModel model, ChatPrompts prompts) : IQuestionRewriter
{
    private const int MaxTokens = 120;
    private const int MaxQueryChars = 400;

    public async Task<string> RewriteAsync(RewriteRequest request, CancellationToken cancellationToken)
    {
        if (request.Previous is null && request.Language == LanguageDetector.English)
        {
            return request.Question;
        }

        var reply = await model.CompleteAsync(prompts.FollowUpRewrite(request.Question, request.Previous), MaxTokens, "rewrite", cancellationToken);
        var query = reply.Text?.Trim().Trim('"', '“', '”', '«', '»').Trim();
        if (string.IsNullOrWhiteSpace(query) || query.Length > MaxQueryChars || query.Contains('\n', StringComparison.Ordinal))
        {
            return ContextMergeRewriter.Merge(request.Question, request.Previous);
        }

        return query;
    }
}
