using KzBot.Core.Answering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Llm;

/// <summary>
/// Writes fluent answers with the model, from the retrieved passages only. The retrieval gate runs first: with
/// nothing related found there is no model call. When the gate is unsure (related sentences found, but the words
/// do not settle it) the model reads the passages and decides, because the gate only matches words and turns away
/// questions asked in other words; if the model finds no answer the user gets the closest passages. Every
/// <c>[n]</c> is verified; whenever the model cannot be used the user still gets the extractive reply, so nobody is
/// left without one.
/// </summary>
public sealed class LlmComposer(
    ChatModel model,
    ChatPrompts prompts,
    ExtractiveComposer extractive,
    IOptions<LlmOptions> options,
    ILogger<LlmComposer> logger) : IAnswerComposer
{
    public async Task<Answer> ComposeAsync(ComposeRequest request, CancellationToken cancellationToken)
    {
        var passages = request.Retrieval.Passages;
        if (passages.Count == 0)
        {
            return await RefuseAsync(request, cancellationToken);
        }

        Answer? closest = null;
        if (!request.Retrieval.IsSufficient)
        {
            closest = await RefuseAsync(request, cancellationToken);
            if (!options.Value.ReadWhenUnsure || closest.Closest is not { Count: > 0 })
            {
                return closest;
            }
        }

        // A follow-up ("why?") means nothing alone: the model answers the standalone question it was rewritten into.
        var question = request.Previous is null ? request.Question : request.SearchQuery;
        var history = prompts.GroundedAnswer(question, passages, request.Language);
        var reply = await model.CompleteAsync(history, options.Value.MaxAnswerTokens, "answer", cancellationToken);
        if (!reply.Succeeded)
        {
            var fallback = closest ?? await extractive.ComposeAsync(request, cancellationToken);
            return fallback with { Note = LlmTexts.Unavailable(request.Language) };
        }

        var verified = CitationVerifier.Verify(reply.Text!, passages);
        if (verified.RemovedMarkers > 0)
        {
            logger.LogWarning("Removed {Count} citation marker(s) that pointed at no passage", verified.RemovedMarkers);
        }

        var problem = reply.Text!.Contains(LlmTexts.NotInSources, StringComparison.Ordinal) ? "not in sources"
            : verified.Citations.Count == 0 ? "no valid citation"
            : prompts.LeaksInstructions(reply.Text) ? "repeats its instructions"
            : null;
        if (problem is not null)
        {
            logger.LogInformation("Model answer unusable ({Reason}); {Fallback}", problem, closest is null ? options.Value.NoCitationFallback : "closest passages");
            return closest ?? (options.Value.NoCitationFallback == NoCitationFallback.Extractive
                ? await extractive.ComposeAsync(request, cancellationToken) with { Note = null }
                : await RefuseAsync(request, cancellationToken));
        }

        return new Answer(request.AnswerId, request.Question, verified.Text, false, verified.Citations, []);
    }

    private async Task<Answer> RefuseAsync(ComposeRequest request, CancellationToken cancellationToken)
    {
        // The extractive refusal names the indexed sources; for Russian and Kazakh a short refusal in that language
        // replaces it, since with a model configured the bot does answer in those languages.
        var english = await extractive.ComposeAsync(request with { Retrieval = request.Retrieval with { IsSufficient = false } }, cancellationToken);
        return LlmTexts.Refusal(request.Language) is { } localized
            ? english with { Text = localized, Note = null }
            : english with { Note = null };
    }
}
