using KzBot.Core.Answering;

namespace KzBot.TestSupport;

/// <summary>An answer composer whose answers (and timing) the test decides, for what the seed corpus cannot produce.</summary>
public sealed class ScriptedComposer(Func<ComposeRequest, Task<Answer>> compose) : IAnswerComposer
{
    /// <summary>Always the same answer text with these citations.</summary>
    public ScriptedComposer(string text, params Citation[] citations)
        : this(r => Task.FromResult(new Answer(r.AnswerId, r.Question, text, false, citations, [])))
    {
    }

    public Task<Answer> ComposeAsync(ComposeRequest request, CancellationToken cancellationToken) => compose(request).WaitAsync(cancellationToken);

    public static Citation Cite(int n, string title = "A report", string source = "report.txt, ¶1", string quote = "A quoted sentence.", string? url = null) =>
        new(n, "doc" + n, title, source, quote, "chunk" + n, 0, quote.Length, url);
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
