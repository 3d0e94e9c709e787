using System.Globalization;
using System.Text;
using KzBot.Core.Answering;

namespace KzBot.Telegram.Rendering;

/// <summary>
/// Renders engine replies in Telegram HTML: the answer with its [n] markers, an optional note, a compact Sources block
/// (title and location per source) and the exact quotes in one expandable blockquote. Every untrusted piece is escaped.
/// </summary>
internal static class AnswerHtmlRenderer
{
    public static string RenderText(string text) => TelegramHtml.Escape(text.Trim());

    public static string RenderAnswer(Answer answer)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(TelegramHtml.Escape(answer.Text.Trim()));

        if (!string.IsNullOrWhiteSpace(answer.Note))
        {
            sb.Append("\n\n<i>").Append(TelegramHtml.Escape(answer.Note.Trim())).Append("</i>");
        }

        if (answer.Sources.Count > 0)
        {
            sb.Append("\n\n<b>Sources</b>");
            foreach (var c in answer.Sources)
            {
                sb.Append(ci, $"\n[{c.N}] ");
                if (IsWebLink(c.Url))
                {
                    sb.Append("<a href=\"").Append(TelegramHtml.Escape(c.Url!)).Append("\">").Append(TelegramHtml.Escape(c.Title)).Append("</a>");
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
            foreach (var c in answer.Sources)
            {
                sb.Append(first ? "" : "\n\n").Append(ci, $"[{c.N}] “").Append(TelegramHtml.Escape(c.Quote.Trim())).Append('”');
                first = false;
            }

            sb.Append("</blockquote>");
        }

        if (answer.FollowUps.Count > 0)
        {
            sb.Append("\n\n<i>You could also ask:</i>");
            foreach (var f in answer.FollowUps)
            {
                sb.Append("\n• ").Append(TelegramHtml.Escape(f));
            }
        }

        return sb.ToString();
    }

    private static bool IsWebLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
