using System.Text;

namespace KzBot.Core.Ingestion;

public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 (with or without BOM), falling back to Latin-1 so an oddly encoded file still indexes.</summary>
    public static string Decode(byte[] content)
    {
        if (content.AsSpan().IndexOf((byte)0) >= 0)
        {
            throw new InvalidDataException("the file contains NUL bytes; it looks binary, not text");
        }

        var span = content.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        try
        {
            return StrictUtf8.GetString(span).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(span).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }
    }

    /// <summary>Splits on blank lines; each block keeps its inner line breaks collapsed to spaces.</summary>
    public static IEnumerable<string> Paragraphs(string text)
    {
        foreach (var raw in text.Split("\n\n", StringSplitOptions.None))
        {
            var block = CollapseWhitespace(raw);
            if (block.Length > 0)
            {
                yield return block;
            }
        }
    }

    public static string CollapseWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
