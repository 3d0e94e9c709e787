namespace KzBot.Core.Answering;

/// <summary>Turns what the user wrote into the standalone query retrieval searches for.</summary>
public interface IQuestionRewriter
{
    Task<string> RewriteAsync(RewriteRequest request, CancellationToken cancellationToken);
}

/// <param name="Question">The question as the user wrote it.</param>
/// <param name="Language">ISO 639-1 code of the question ("en", "ru", "kk").</param>
/// <param name="Previous">The answer this question follows up on, if any.</param>
public sealed record RewriteRequest(string Question, string Language, ConversationTurn? Previous);
