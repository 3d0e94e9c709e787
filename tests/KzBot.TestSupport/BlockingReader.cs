using KzBot.Core.Ingestion;

namespace KzBot.TestSupport;

/// <summary>Reads ".slow" files (as plain text) only when the test lets it: a reload that runs for as long as the test needs.</summary>
public sealed class BlockingReader : IDocumentReader
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Format => "slow";

    public IReadOnlyCollection<string> Extensions { get; } = [".slow"];

    public ExtractedDocument Read(string fileName, byte[] content)
    {
        Entered.TrySetResult();

        // Readers are synchronous; the cap keeps a broken test from holding a thread for ever.
        Release.Task.Wait(TimeSpan.FromSeconds(60));
        return new PlainTextReader().Read(fileName, content);
    }
}
