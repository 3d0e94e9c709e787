using KzBot.Core.Answering;

namespace KzBot.Telegram.Tests.Fakes;

/// <summary>An answer composer whose answers (and timing) the test decides, for what the seed corpus cannot produce.</summary>
public sealed class ScriptedComposer(Func<ComposeRequest, Task<Answer>> compose) : IAnswerComposer
{
    public Task<Answer> ComposeAsync(ComposeRequest request, CancellationToken cancellationToken) => compose(request).WaitAsync(cancellationToken);

    public static Citation Cite(int n, string title = "A report", string source = "report.txt, ¶1", string quote = "A quoted sentence.") =>
        new(n, "doc" + n, title, source, quote, "chunk" + n, 0, quote.Length);
}
