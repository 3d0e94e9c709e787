using System.Text;

namespace KzBot.Core.Sources.Fetching;

/// <summary>
/// Decides what a body is from its declared type and its first bytes together: a server may call a PDF
/// "application/octet-stream" or send an image as "text/plain", and only the four kinds the readers know are kept.
/// </summary>
public static class ContentSniffer
{
    private const string Supported = "only web pages (HTML), PDF, Markdown and plain text can be added";

    /// <summary>The kind, or throws <see cref="SourceFetchException"/> naming the type that was refused.</summary>
    public static SourceKind Detect(string? mediaType, ReadOnlySpan<byte> body, string nameHint)
    {
        var type = (mediaType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var pdf = body.StartsWith("%PDF-"u8);
        var binary = LooksBinary(body);
        var markdownName = nameHint.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || nameHint.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);
        switch (type)
        {
            case "application/pdf" or "application/x-pdf":
                return pdf ? SourceKind.Pdf : throw new SourceFetchException($"the content is declared as {type} but is not a PDF file");
            case "text/html" or "application/xhtml+xml":
                return !binary ? SourceKind.Html : throw new SourceFetchException($"the content is declared as {type} but holds binary data");
            case "text/markdown" or "text/x-markdown":
                return !binary ? SourceKind.Markdown : throw new SourceFetchException($"the content is declared as {type} but holds binary data");
            case "text/plain":
                if (binary)
                {
                    throw new SourceFetchException("the content is declared as text/plain but holds binary data");
                }

                return markdownName ? SourceKind.Markdown : LooksHtml(body) ? SourceKind.Html : SourceKind.Text;
            case "" or "application/octet-stream" or "binary/octet-stream":
                if (pdf)
                {
                    return SourceKind.Pdf;
                }

                if (binary)
                {
                    throw new SourceFetchException($"the content is binary data of no known type; {Supported}");
                }

                return LooksHtml(body) ? SourceKind.Html : markdownName ? SourceKind.Markdown : SourceKind.Text;
            default:
                throw new SourceFetchException($"the content is {type}; {Supported}");
        }
    }

    /// <summary>The extension the managed file gets, so the matching reader reads it.</summary>
    public static string Extension(SourceKind kind) => kind switch
    {
        SourceKind.Html => ".html",
        SourceKind.Pdf => ".pdf",
        SourceKind.Markdown => ".md",
        _ => ".txt",
    };

    /// <summary>The kind a file name says, for uploads that come with a name and perhaps a type.</summary>
    public static string? MediaTypeFor(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".html" or ".htm" => "text/html",
        ".md" or ".markdown" => "text/markdown",
        ".txt" or ".text" => "text/plain",
        _ => null,
    };

    private static bool LooksBinary(ReadOnlySpan<byte> body)
    {
        var head = body[..Math.Min(body.Length, 8192)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return false;
        }

        return head.IndexOf((byte)0) >= 0;
    }

    private static bool LooksHtml(ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || head.Contains("<body", StringComparison.OrdinalIgnoreCase);
    }
}
