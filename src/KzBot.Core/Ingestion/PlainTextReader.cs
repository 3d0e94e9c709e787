namespace KzBot.Core.Ingestion;

/// <summary>.txt: the first non-empty line is the title (as scraped articles are laid out); paragraphs split on blank lines.</summary>
public sealed class PlainTextReader : IDocumentReader
{
    public string Format => "txt";

    public IReadOnlyCollection<string> Extensions { get; } = [".txt", ".text"];

    public ExtractedDocument Read(string fileName, byte[] content)
    {
        var decoded = TextDecoding.Decode(content);
        var text = decoded.Text;
        var blocks = TextDecoding.Paragraphs(text).Select(p => new ExtractedBlock(p)).ToList();
        var firstLine = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return new ExtractedDocument(firstLine is { Length: <= 200 } ? firstLine : null, blocks) { Notice = decoded.Notice };
    }
}
