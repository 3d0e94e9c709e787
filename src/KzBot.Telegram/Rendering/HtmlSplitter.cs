using System.Text;
using KzBot.Core.Layout;

namespace KzBot.Telegram.Rendering;

/// <summary>
/// Splits Telegram HTML into messages of at most <c>limit</c> characters (raw HTML length, which is never less than
/// what Telegram counts), cutting only in text where <see cref="CutLadder"/> says, never inside a tag or an entity.
/// Tags open at a cut are closed and reopened in the next part.
/// </summary>
internal static class HtmlSplitter
{
    public const int TelegramLimit = 4096;

    public static IReadOnlyList<string> Split(string html, int limit = TelegramLimit - 1)
    {
        if (html.Length <= limit)
        {
            return [html];
        }

        var parts = new List<string>();
        var open = new List<(string Name, string OpenTag)>();
        var part = new StringBuilder();
        var hasText = false;

        void Flush()
        {
            if (hasText)
            {
                for (var i = open.Count - 1; i >= 0; i--)
                {
                    part.Append("</").Append(open[i].Name).Append('>');
                }

                parts.Add(part.ToString().Trim());
            }

            part.Clear();
            hasText = false;
            foreach (var (_, openTag) in open)
            {
                part.Append(openTag);
            }
        }

        int ClosingLength() => open.Sum(t => t.Name.Length + 3);

        var pos = 0;
        while (pos < html.Length)
        {
            if (html[pos] == '<')
            {
                var end = html.IndexOf('>', pos);
                end = end < 0 ? html.Length - 1 : end;
                var tag = html[pos..(end + 1)];
                pos = end + 1;
                var closing = tag.StartsWith("</", StringComparison.Ordinal);
                var name = TagName(tag);
                if (closing)
                {
                    var index = open.FindLastIndex(t => t.Name == name);
                    if (index >= 0)
                    {
                        open.RemoveAt(index);
                    }

                    part.Append(tag);
                    continue;
                }

                // An opening tag plus its closing must fit with something inside it; otherwise start a new part.
                if (part.Length + tag.Length + ClosingLength() + name.Length + 3 + 16 > limit && hasText)
                {
                    Flush();
                }

                part.Append(tag);
                open.Add((name, tag));
                continue;
            }

            var next = html.IndexOf('<', pos);
            var text = html.AsSpan(pos, (next < 0 ? html.Length : next) - pos);
            pos += text.Length;
            while (text.Length > 0)
            {
                var room = limit - part.Length - ClosingLength();
                if (text.Length <= room)
                {
                    part.Append(text);
                    hasText |= !text.IsWhiteSpace();
                    break;
                }

                var cut = room <= 0 ? 0 : CutLadder.Find(text[..room]);
                if (cut == 0 && !hasText)
                {
                    // Nothing in this part yet and no good break: the last space will do, else a hard cut that
                    // still keeps entities and surrogate pairs whole.
                    var window = text[..Math.Max(1, room)];
                    var space = window.LastIndexOfAny(' ', '\n');
                    cut = space > 0 ? space : AvoidEntity(text, window.Length);
                }

                if (cut > 0)
                {
                    part.Append(text[..cut]);
                    hasText |= !text[..cut].IsWhiteSpace();
                    text = text[cut..].TrimStart();
                }

                Flush();
            }
        }

        Flush();
        return parts;
    }

    private static int AvoidEntity(ReadOnlySpan<char> text, int cut)
    {
        var amp = text[..cut].LastIndexOf('&');
        if (amp >= 0 && text[amp..cut].IndexOf(';') < 0 && amp > 0)
        {
            return amp;
        }

        // Do not split a surrogate pair either.
        return cut < text.Length && char.IsLowSurrogate(text[cut]) ? cut - 1 : cut;
    }

    private static string TagName(string tag)
    {
        var start = tag.StartsWith("</", StringComparison.Ordinal) ? 2 : 1;
        var end = start;
        while (end < tag.Length && (char.IsAsciiLetterOrDigit(tag[end]) || tag[end] == '-'))
        {
            end++;
        }

        return tag[start..end].ToLowerInvariant();
    }
}
