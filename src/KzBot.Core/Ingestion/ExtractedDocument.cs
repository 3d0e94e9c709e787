namespace KzBot.Core.Ingestion;

/// <summary>What a reader found in a file: a title and the text as paragraphs, before cleaning.</summary>
public sealed record ExtractedDocument(string? Title, IReadOnlyList<ExtractedBlock> Blocks, string? Url = null)
{
    /// <summary>A caveat for the admin's report, e.g. that the text encoding had to be guessed.</summary>
    public string? Notice { get; init; }
}

/// <summary>One paragraph-like block of text; <see cref="Page"/> is set for paged formats (PDF).</summary>
public sealed record ExtractedBlock(string Text, int? Page = null);
