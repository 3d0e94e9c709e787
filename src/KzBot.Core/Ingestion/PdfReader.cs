using System.Globalization;
using System.IO.Compression;
using KzBot.Core.Options;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Tokens;

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
            CheckExpansion(pdf, ContentBudget);
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

    /// <summary>Decoded bytes of all non-image streams a file may have: several times the text it may yield.</summary>
    private long ContentBudget => 4L * options.Value.MaxTextChars;

    /// <summary>
    /// Inflates every compressed non-image stream, counting, before PdfPig parses a page: PdfPig decodes a page's
    /// whole content stream and builds an object per glyph, so a kilobyte that inflates to a gigabyte must be
    /// stopped here, at the budget, not after.
    /// </summary>
    private static void CheckExpansion(PdfDocument pdf, long budget)
    {
        var total = 0L;
        var buffer = new byte[81920];
        foreach (var reference in pdf.Structure.CrossReferenceTable.ObjectOffsets.Keys)
        {
            StreamToken? stream;
            try
            {
                stream = pdf.Structure.GetObject(reference).Data as StreamToken;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                continue;
            }

            if (stream is null || !IsFlate(stream.StreamDictionary) || IsImage(stream.StreamDictionary))
            {
                continue;
            }

            try
            {
                using var inflater = new ZLibStream(new MemoryStream(stream.Data.ToArray()), CompressionMode.Decompress);
                int read;
                while ((read = inflater.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > budget)
                    {
                        throw new InvalidDataException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"compressed content expands to over {budget:N0} bytes (4 × Sources:MaxTextChars); not parsed"));
                    }
                }
            }
            catch (InvalidDataException) when (total <= budget)
            {
                // A stream zlib cannot read is PdfPig's to judge (it also accepts raw deflate).
            }
        }
    }

    private static bool IsFlate(DictionaryToken dictionary) =>
        dictionary.TryGet(NameToken.Filter, out var filter)
        && (filter is NameToken { Data: "FlateDecode" } || filter is ArrayToken { Length: 1 } array && array[0] is NameToken { Data: "FlateDecode" });

    private static bool IsImage(DictionaryToken dictionary) =>
        dictionary.TryGet(NameToken.Subtype, out var subtype) && subtype is NameToken { Data: "Image" };

    // Words broken across lines ("gov-\nernment") are joined so they can be found and quoted.
    private static string Dehyphenate(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(\p{Ll})-\n(\p{Ll})", "$1$2");
}
