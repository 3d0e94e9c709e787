using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace KzBot.Telegram.Rendering;

/// <summary>Escaping into, and stripping out of, Telegram's HTML subset.</summary>
internal static partial class TelegramHtml
{
    /// <summary>
    /// Escapes untrusted text (questions, document text, titles) so it can never open a tag, and drops control
    /// characters other than line breaks and tabs, which Telegram rejects or shows as boxes.
    /// </summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\n' or '\t': sb.Append(c); break;
                case '\r': break;
                default:
                    if (!char.IsControl(c))
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>The same text without markup: what is sent when Telegram rejects the formatting.</summary>
    public static string ToPlain(string html) => WebUtility.HtmlDecode(Tag().Replace(html, ""));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
