using KzBot.Core.Options;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace KzBot.Core.Ingestion;

/// <summary>.pdf: text in reading order, page by page, so citations can name the page.</summary>
public sealed class PdfReader(IOptions<SourcesOptions> options) : IDocumentReader
{
    public string Format => "pdf";

    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public ExtractedDocument Read(string fileName, byte[] content)
    {
        if (!content.AsSpan().StartsWith("%PDF-"u8))
        {
            throw new InvalidDataException("not a PDF file (missing %PDF- header)");
        }

        try
        {
            using var pdf = PdfDocument.Open(content);
            var blocks = new List<ExtractedBlock>();
            var extracted = 0L;
            foreach (var page in pdf.GetPages())
            {
                var text = ContentOrderTextExtractor.GetText(page).Replace("\r\n", "\n", StringComparison.Ordinal);
                // Stop at the page that crosses the limit rather than extracting a bomb to its end.
                extracted += text.Length;
                if (extracted > options.Value.MaxTextChars)
                {
                    throw new InvalidDataException(TextLimit.Message(options.Value.MaxTextChars));
                }

                foreach (var paragraph in TextDecoding.Paragraphs(Dehyphenate(text)))
                {
                    blocks.Add(new ExtractedBlock(paragraph, page.Number));
                }
            }

            var title = pdf.Information.Title;
            return new ExtractedDocument(string.IsNullOrWhiteSpace(title) ? blocks.FirstOrDefault()?.Text is { Length: <= 200 } t ? t : null : title.Trim(), blocks);
        }
        catch (Exception ex) when (ex is not InvalidDataException and not OperationCanceledException)
        {
            throw new InvalidDataException($"unreadable PDF: {ex.Message}", ex);
        }
    }

    // Words broken across lines ("gov-\nernment") are joined so they can be found and quoted.
    private static string Dehyphenate(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(\p{Ll})-\n(\p{Ll})", "$1$2");
}
