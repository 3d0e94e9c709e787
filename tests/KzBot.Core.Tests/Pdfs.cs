using System.IO.Compression;
using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace KzBot.Core.Tests;

/// <summary>PDF files for tests, written by PdfPig's builder or, for a compressed bomb, by hand.</summary>
internal static class Pdfs
{
    public static byte[] TwoPages(string first, string second) => Pages(first, second);

    public static byte[] OnePage(string text) => Pages(text);

    /// <summary>One page whose Flate-compressed content stream shows about <paramref name="chars"/> characters of text.</summary>
    public static byte[] Compressed(int chars)
    {
        var content = new StringBuilder();
        var line = 0;
        while (content.Length < chars)
        {
            content.Append(System.Globalization.CultureInfo.InvariantCulture, $"BT /F1 8 Tf 20 {780 - (line++ % 90 * 8)} Td (Grain exports through the Caspian corridor doubled in spring again and again) Tj ET\n");
        }

        byte[] compressed;
        using (var buffer = new MemoryStream())
        {
            using (var z = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                z.Write(Encoding.ASCII.GetBytes(content.ToString()));
            }

            compressed = buffer.ToArray();
        }

        var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Write(string s) => pdf.Write(Encoding.ASCII.GetBytes(s));
        void Object(string body)
        {
            offsets.Add(pdf.Position);
            Write($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        Write("%PDF-1.4\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        offsets.Add(pdf.Position);
        Write($"4 0 obj\n<< /Length {compressed.Length} /Filter /FlateDecode >>\nstream\n");
        pdf.Write(compressed);
        Write("\nendstream\nendobj\n");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var xref = pdf.Position;
        Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets)
        {
            Write($"{o:D10} 00000 n \n");
        }

        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static byte[] Pages(params string[] texts)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in texts)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText(text, 11, new PdfPoint(40, 760), font);
        }

        return builder.Build();
    }
}
