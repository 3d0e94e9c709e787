using System.Net;
using System.Text;
using SmartReader;

namespace KzBot.Core.Sources;

/// <summary>
/// A fetched web page reduced to its article with a readability library, then saved as a small HTML file the
/// ordinary HTML reader and boilerplate filter index like any other: page furniture never reaches the index.
/// </summary>
public static class ArticleExtractor
{
    public static byte[] Extract(byte[] page, Uri url)
    {
        var html = Ingestion.TextDecoding.Decode(page).Text;
        var article = new Reader(url.ToString(), html) { Debug = false }.GetArticle();
        if (!article.IsReadable || string.IsNullOrWhiteSpace(article.Content))
        {
            return page;
        }

        var sb = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">");
        if (!string.IsNullOrWhiteSpace(article.Title))
        {
            sb.Append("<title>").Append(WebUtility.HtmlEncode(article.Title.Trim())).Append("</title>");
        }

        sb.Append("<link rel=\"canonical\" href=\"").Append(WebUtility.HtmlEncode(url.ToString())).Append("\">");
        sb.Append("</head><body><article>").Append(article.Content).Append("</article></body></html>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
