using System.Globalization;
using System.Text;

namespace KzBot.Core.Ingestion;

/// <summary>Text read from bytes; <see cref="Notice"/> says when the encoding had to be guessed or bytes were replaced.</summary>
public sealed record DecodedText(string Text, string? Notice);

public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Below this share of invalid sequences among the non-ASCII ones a file is UTF-8 with a few damaged bytes;
    // above it, it was written in some other encoding.
    private const double MostlyValidShare = 0.1;

    private static readonly (byte[] Bom, Encoding Encoding)[] Boms =
    [
        ([0xEF, 0xBB, 0xBF], Encoding.UTF8),
        ([0xFF, 0xFE, 0x00, 0x00], Encoding.UTF32),
        ([0x00, 0x00, 0xFE, 0xFF], new UTF32Encoding(bigEndian: true, byteOrderMark: true)),
        ([0xFF, 0xFE], Encoding.Unicode),
        ([0xFE, 0xFF], Encoding.BigEndianUnicode),
    ];

    /// <summary>
    /// By byte-order mark (UTF-8, UTF-16, UTF-32); else UTF-8, keeping a mostly valid file with replacement
    /// characters; else the encoding a charset detector guesses. Both fallbacks say so in the notice.
    /// </summary>
    public static DecodedText Decode(byte[] content)
    {
        var span = content.AsSpan();
        foreach (var (bom, encoding) in Boms)
        {
            if (span.StartsWith(bom))
            {
                return new DecodedText(Lines(encoding.GetString(span[bom.Length..])), null);
            }
        }

        if (span.IndexOf((byte)0) >= 0)
        {
            throw new InvalidDataException("the file contains NUL bytes; it looks binary, not text");
        }

        try
        {
            return new DecodedText(Lines(StrictUtf8.GetString(span)), null);
        }
        catch (DecoderFallbackException)
        {
        }

        var (valid, invalid) = CountUtf8Sequences(span);
        if (invalid <= MostlyValidShare * valid)
        {
            return new DecodedText(
                Lines(Encoding.UTF8.GetString(span)),
                string.Create(CultureInfo.InvariantCulture, $"{invalid} invalid UTF-8 byte sequence{(invalid == 1 ? "" : "s")} replaced with \uFFFD"));
        }

        var guessed = Guess(content);
        return new DecodedText(Lines(guessed.GetString(span)), $"not UTF-8; encoding guessed as {guessed.WebName}");
    }

    private static string Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static (int Valid, int Invalid) CountUtf8Sequences(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, invalid = 0;
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                invalid++;
            }
            else if (consumed > 1)
            {
                valid++;
            }

            bytes = bytes[Math.Max(consumed, 1)..];
        }

        return (valid, invalid);
    }

    private static Encoding Guess(byte[] content)
    {
        var detector = new Ude.CharsetDetector();
        detector.Feed(content, 0, content.Length);
        detector.DataEnd();
        if (detector.Charset is { } name && detector.Confidence > 0.3)
        {
            var encoding = CodePagesEncodingProvider.Instance.GetEncoding(name);
            if (encoding is null)
            {
                try
                {
                    encoding = Encoding.GetEncoding(name);
                }
                catch (ArgumentException)
                {
                }
            }

            // A detector that says UTF-8 about bytes that are not UTF-8 is wrong; Latin-1 at least keeps every byte.
            if (encoding is not null && encoding.CodePage != Encoding.UTF8.CodePage)
            {
                return encoding;
            }
        }

        return Encoding.Latin1;
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
