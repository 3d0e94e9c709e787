using System.Globalization;
using System.Text;
using KzBot.Core.Answering;
using KzBot.Core.Layout;
using KzBot.Core.Text;

namespace KzBot.Telegram.Rendering;

/// <summary>
/// Renders engine replies in Telegram HTML: the <see cref="AnswerLayout"/> with a compact Sources block (title and
/// location per source) and the exact quotes in one expandable blockquote. Every untrusted piece is escaped.
/// </summary>
internal static class AnswerHtmlRenderer
{
    public static string RenderText(string text) => TelegramHtml.Escape(text.Trim());

    public static string RenderAnswer(Answer answer)
    {
        var layout = AnswerLayout.Of(answer);
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        foreach (var run in layout.Body)
        {
            sb.Append(TelegramHtml.Escape(run.Text));
        }

        if (layout.Sources.Count > 0)
        {
            sb.Append("\n\n<b>").Append(AnswerLayout.SourcesHeading).Append("</b>");
            foreach (var c in layout.Sources)
            {
                sb.Append(ci, $"\n[{c.N}] ");
                if (WebLink.IsHttp(c.Url))
                {
                    sb.Append("<a href=\"").Append(TelegramHtml.Escape(c.Url)).Append("\">").Append(TelegramHtml.Escape(c.Title)).Append("</a>");
                }
                else
                {
                    sb.Append(TelegramHtml.Escape(c.Title));
                }

                if (!string.IsNullOrWhiteSpace(c.Source))
                {
                    sb.Append(" — ").Append(TelegramHtml.Escape(c.Source));
                }
            }

            // Quotes are long; collapsed they keep the answer readable and remain one tap away.
            sb.Append("\n<blockquote expandable>");
            var first = true;
            foreach (var c in layout.Sources)
            {
                sb.Append(first ? "" : "\n\n").Append(ci, $"[{c.N}] “").Append(TelegramHtml.Escape(c.Quote.Trim())).Append('”');
                first = false;
            }

            sb.Append("</blockquote>");
        }

        if (layout.Note is { } note)
        {
            sb.Append("\n\n<i>").Append(TelegramHtml.Escape(note)).Append("</i>");
        }

        if (layout.FollowUps.Count > 0)
        {
            sb.Append("\n\n<i>").Append(AnswerLayout.FollowUpsHeading).Append("</i>");
            foreach (var f in layout.FollowUps)
            {
                sb.Append("\n• ").Append(TelegramHtml.Escape(f));
            }
        }

        return sb.ToString();
    }
}
