using KzBot.Core.Answering;

namespace KzBot.Discord.Tests.Fakes;

/// <summary>An answer composer that returns a fixed answer, for rendering cases the seed documents do not produce.</summary>
public sealed class ScriptedComposer(string text, params Citation[] citations) : IAnswerComposer
{
    public Task<Answer> ComposeAsync(ComposeRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new Answer(request.AnswerId, request.Question, text, false, citations, []));

    public static Citation Cite(int n, string title = "Kazakhstan and Russia", string quote = "Kazakhstan would not recognise the provinces.", string? url = "https://example.com/kz-ru") =>
        new(n, "doc1", title, "seeds/doc.txt, ¶4", quote, "chunk1", 0, quote.Length, url);
}

/// <summary>Wraps the real composer and remembers what it was asked.</summary>
public sealed class SpyComposer(IAnswerComposer inner) : IAnswerComposer
{
    public System.Collections.Concurrent.ConcurrentQueue<ComposeRequest> Requests { get; } = new();

    public Task<Answer> ComposeAsync(ComposeRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return inner.ComposeAsync(request, cancellationToken);
    }
}
