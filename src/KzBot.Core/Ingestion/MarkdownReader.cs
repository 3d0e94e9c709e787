using System.Text.RegularExpressions;

namespace KzBot.Core.Ingestion;

/// <summary>.md: the first heading is the title; markup (headings, emphasis, links, list markers) is reduced to its text.</summary>
public sealed partial class MarkdownReader : IDocumentReader
{
    public string Format => "md";

    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    public ExtractedDocument Read(string fileName, byte[] content)
    {
        var decoded = TextDecoding.Decode(content);
        var text = decoded.Text;
        string? title = null;
        var blocks = new List<ExtractedBlock>();
        var inFence = false;
        var paragraph = new List<string>();

        void Flush()
        {
            if (paragraph.Count > 0)
            {
                var block = TextDecoding.CollapseWhitespace(string.Join(' ', paragraph));
                if (block.Length > 0)
                {
                    blocks.Add(new ExtractedBlock(block));
                }

                paragraph.Clear();
            }
        }

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                Flush();
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                paragraph.Add(line);
                continue;
            }

            if (line.Trim().Length == 0 || HorizontalRule().IsMatch(line))
            {
                Flush();
                continue;
            }

            var heading = Heading().Match(line);
            if (heading.Success)
            {
                Flush();
                var h = Inline(heading.Groups[2].Value);
                title ??= h;
                blocks.Add(new ExtractedBlock(h));
                continue;
            }

            var item = ListItem().Match(line);
            if (item.Success)
            {
                Flush();
                paragraph.Add(Inline(item.Groups[1].Value));
                continue;
            }

            paragraph.Add(Inline(BlockQuote().Replace(line, "")));
        }

        Flush();
        return new ExtractedDocument(title, blocks) { Notice = decoded.Notice };
    }

    private static string Inline(string s)
    {
        s = Image().Replace(s, "$1");
        s = Link().Replace(s, "$1");
        s = Emphasis().Replace(s, "$2");
        s = InlineCode().Replace(s, "$1");
        return s.Trim();
    }

    [GeneratedRegex(@"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\s*>\s?")]
    private static partial Regex BlockQuote();

    [GeneratedRegex(@"^\s*([-*_])(\s*\1){2,}\s*$")]
    private static partial Regex HorizontalRule();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"`([^`]*)`")]
    private static partial Regex InlineCode();
}
