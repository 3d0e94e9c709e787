using KzBot.Core.Retrieval;

namespace KzBot.Core.Answering;

/// <summary>Writes an answer from retrieved passages only.</summary>
public interface IAnswerComposer
{
    Task<Answer> ComposeAsync(ComposeRequest request, CancellationToken cancellationToken);
}

/// <param name="AnswerId">The id the answer must carry (feedback and follow-ups refer to it).</param>
/// <param name="Question">The question as the user asked it.</param>
/// <param name="SearchQuery">The standalone question used for retrieval (differs from <paramref name="Question"/> for follow-ups).</param>
/// <param name="Retrieval">What retrieval found, with its evidence verdict.</param>
/// <param name="Language">ISO 639-1 code of the question's language ("en", "ru", "kk").</param>
/// <param name="Previous">The earlier turn this question follows up on, if any.</param>
public sealed record ComposeRequest(
    string AnswerId,
    string Question,
    string SearchQuery,
    RetrievalResult Retrieval,
    string Language = "en",
    ConversationTurn? Previous = null);

/// <summary>One earlier question and answer in a chat.</summary>
public sealed record ConversationTurn(string AnswerId, string Question, string AnswerText, DateTimeOffset At);
