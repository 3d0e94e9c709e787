using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using KzBot.Core.Text;

namespace KzBot.Core.Ingestion;

/// <summary>.html: visible article text only — scripts, styles, navigation, headers, footers, forms and asides are dropped.</summary>
public sealed class HtmlReader : IDocumentReader
{
    private const string Furniture = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, figcaption, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]";
    private const string BlockSelector = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, dd, dt, td, th";

    public string Format => "html";

    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm"];

    public ExtractedDocument Read(string fileName, byte[] content)
    {
        var decoded = TextDecoding.Decode(content);
        var html = decoded.Text;
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll(Furniture).ToList())
        {
            element.Remove();
        }

        var root = (IElement?)document.QuerySelector("article") ?? document.QuerySelector("main") ?? document.Body;
        var blocks = new List<ExtractedBlock>();
        if (root is not null)
        {
            var selected = root.QuerySelectorAll(BlockSelector).ToList();
            var selectedSet = selected.ToHashSet();
            foreach (var element in selected)
            {
                // A <p> inside an <li> would otherwise be read twice.
                if (element.Ancestors<IElement>().Any(selectedSet.Contains))
                {
                    continue;
                }

                var text = TextDecoding.CollapseWhitespace(element.TextContent);
                if (text.Length > 0)
                {
                    blocks.Add(new ExtractedBlock(text));
                }
            }

            if (blocks.Count == 0)
            {
                blocks.AddRange(TextDecoding.Paragraphs(TextOf(root)).Select(p => new ExtractedBlock(p)));
            }
        }

        var title = TextDecoding.CollapseWhitespace(document.Title ?? "");
        if (title.Length == 0)
        {
            title = TextDecoding.CollapseWhitespace(document.QuerySelector("h1")?.TextContent ?? "");
        }

        var url = document.QuerySelector("link[rel=canonical]")?.GetAttribute("href")
            ?? document.QuerySelector("meta[property='og:url']")?.GetAttribute("content");
        return new ExtractedDocument(title.Length > 0 ? title : null, blocks, WebLink.TryParse(url, out var u) ? u.ToString() : null)
        {
            Notice = decoded.Notice,
        };
    }

    private static string TextOf(IElement root)
    {
        var sb = new StringBuilder();
        foreach (var node in root.ChildNodes)
        {
            sb.Append(node.TextContent).Append("\n\n");
        }

        return sb.ToString();
    }
}
