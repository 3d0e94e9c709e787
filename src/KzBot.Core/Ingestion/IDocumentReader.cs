namespace KzBot.Core.Ingestion;

/// <summary>Extracts clean text from one file format.</summary>
public interface IDocumentReader
{
    /// <summary>"txt", "md", "html", "pdf": stored with the document.</summary>
    string Format { get; }

    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>Reads <paramref name="content"/>; throws <see cref="InvalidDataException"/> when the file is not readable as this format.</summary>
    ExtractedDocument Read(string fileName, byte[] content);
}
