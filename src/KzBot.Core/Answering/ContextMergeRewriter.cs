namespace KzBot.Core.Answering;

/// <summary>
/// The offline rewriter: a follow-up ("and what about Uzbekistan?", "why?") is searched together with the question
/// it follows, so retrieval sees the subject the follow-up leaves out. Without a model nothing is translated.
/// </summary>
public sealed class ContextMergeRewriter : IQuestionRewriter
{
    public Task<string> RewriteAsync(RewriteRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Merge(request.Question, request.Previous));

    public static string Merge(string question, ConversationTurn? previous)
    {
        if (previous is null)
        {
            return question;
        }

        var before = previous.Question.Trim();
        if (before.Length > 0 && !char.IsPunctuation(before[^1]))
        {
            before += ".";
        }

        return before + " " + question.Trim();
    }
}
