using System.Net;
using System.Text.RegularExpressions;

namespace KzBot.Telegram.Tests.Fakes;

/// <summary>Telegram's HTML rules, as far as KzBot can hit them: known tags, properly nested, entities, no stray '&lt;'.</summary>
public static partial class TelegramHtmlCheck
{
    private static readonly HashSet<string> Allowed =
        ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler", "span", "tg-emoji"];

    /// <summary>Null when Telegram would accept the text, else why not.</summary>
    public static string? Problem(string html)
    {
        var open = new Stack<string>();
        for (var i = 0; i < html.Length; i++)
        {
            if (html[i] == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    return $"unclosed start tag at byte offset {i}";
                }

                var m = TagPattern().Match(html[i..(end + 1)]);
                if (!m.Success || !Allowed.Contains(m.Groups[2].Value))
                {
                    return $"unsupported start tag \"{html[(i + 1)..end]}\" at byte offset {i}";
                }

                if (m.Groups[1].Value == "/")
                {
                    if (open.Count == 0 || open.Pop() != m.Groups[2].Value)
                    {
                        return $"unmatched end tag at byte offset {i}";
                    }
                }
                else
                {
                    open.Push(m.Groups[2].Value);
                }

                i = end;
            }
            else if (html[i] == '&')
            {
                var m = EntityPattern().Match(html, i);
                if (!m.Success || m.Index != i)
                {
                    return $"unsupported entity at byte offset {i}";
                }
            }
        }

        return open.Count == 0 ? null : $"can't find end tag corresponding to start tag \"{open.Peek()}\"";
    }

    /// <summary>The length Telegram counts: the text after tags and entities are parsed.</summary>
    public static int PlainLength(string html) => WebUtility.HtmlDecode(AnyTag().Replace(html, "")).Length;

    [GeneratedRegex(@"^<(/?)([a-z-]+)(\s[^>]*)?>$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")]
    private static partial Regex EntityPattern();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex AnyTag();
}
