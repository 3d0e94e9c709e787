using System.Globalization;
using System.Text;
using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Layout;
using KzBot.Core.Text;
using KzBot.Discord.Models;

namespace KzBot.Discord.Rendering;

/// <summary>
/// Turns the engine's reply into Discord markdown: the <see cref="AnswerLayout"/> with a compact sources section, every
/// untrusted piece escaped, split to Discord's limit, with 👍/👎 and "Show sources" on the last part.
/// </summary>
internal static class AnswerRenderer
{
    public const string FeedbackUpPrefix = "fb:up:";
    public const string FeedbackDownPrefix = "fb:down:";
    public const string SourcesPrefix = "src:";
    public const string ConfirmPrefix = "cf:";

    public static List<MessagePayload> Render(EngineReply reply)
    {
        if (reply.Kind == ReplyKind.Answer && reply.Answer is { } answer)
        {
            var parts = MessageSplitter.Split(AnswerText(answer));
            var payloads = parts.Select(p => new MessagePayload { Content = p }).ToList();
            payloads[^1] = payloads[^1] with { Components = Buttons(answer) };
            return payloads;
        }

        var text = string.IsNullOrWhiteSpace(reply.Text) ? "…" : MarkdownText.Escape(reply.Text);
        var messages = MessageSplitter.Split(text).Select(p => new MessagePayload { Content = p }).ToList();
        if (reply.Confirm is { } confirm)
        {
            // Danger style: the button deletes; its id carries only the token the engine bound to this admin and source.
            messages[^1] = messages[^1] with
            {
                Components = [new Component { Type = 1, Components = [new Component { Type = 2, Style = 4, CustomId = ConfirmPrefix + confirm.Token, Label = confirm.ButtonLabel }] }],
            };
        }

        return messages;
    }

    public static string AnswerText(Answer answer)
    {
        var layout = AnswerLayout.Of(answer);
        var sb = new StringBuilder();
        foreach (var run in layout.Body)
        {
            sb.Append(run.Marker is null ? MarkdownText.Escape(run.Text) : run.Text);
        }

        if (layout.Sources.Count > 0)
        {
            sb.Append("\n\n**").Append(AnswerLayout.SourcesHeading).Append("**");
            foreach (var c in layout.Sources)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n-# [{c.N}] {MarkdownText.Link(c.Title, c.Url)} — {MarkdownText.Escape(c.Source)}");
            }
        }

        if (layout.Note is { } note)
        {
            sb.Append("\n\n-# ").Append(MarkdownText.Escape(note));
        }

        if (layout.FollowUps.Count > 0)
        {
            sb.Append("\n\n").Append(AnswerLayout.FollowUpsHeading);
            foreach (var q in layout.FollowUps)
            {
                sb.Append("\n- ").Append(MarkdownText.Escape(q));
            }
        }

        return sb.ToString();
    }

    /// <summary>The quotes behind an answer, one embed per source, within the per-message embed limits.</summary>
    public static List<Embed> SourceEmbeds(IReadOnlyList<Citation> citations)
    {
        var shown = citations.Take(DiscordLimits.EmbedsPerMessage).ToList();
        if (shown.Count == 0)
        {
            return [];
        }

        // Titles and footers are short; the quotes share what is left of the 6,000-character budget.
        var perEmbed = (DiscordLimits.EmbedsTotal - 200) / shown.Count;
        return shown.Select(c =>
        {
            var title = MarkdownText.Truncate($"[{c.N}] {c.Title}", Math.Min(DiscordLimits.EmbedTitle, 120));
            var footer = MarkdownText.Truncate(c.Source, Math.Min(DiscordLimits.EmbedFooter, 120));
            var quote = MarkdownText.Truncate(c.Quote.ReplaceLineEndings(" "), Math.Min(DiscordLimits.EmbedDescription, perEmbed - title.Length - footer.Length - 4));
            return new Embed
            {
                Title = title,
                Url = WebLink.TryParse(c.Url, out var u) ? u.AbsoluteUri : null,
                Description = "> " + MarkdownText.Escape(quote),
                Footer = new EmbedFooter(footer),
                Color = 0x2B6CB0,
            };
        }).ToList();
    }

    private static List<Component> Buttons(Answer answer)
    {
        var buttons = new List<Component>
        {
            new() { Type = 2, Style = 2, CustomId = FeedbackUpPrefix + answer.Id, Emoji = new ComponentEmoji("👍") },
            new() { Type = 2, Style = 2, CustomId = FeedbackDownPrefix + answer.Id, Emoji = new ComponentEmoji("👎") },
        };
        if (answer.Citations.Count > 0)
        {
            buttons.Add(new Component { Type = 2, Style = 1, CustomId = SourcesPrefix + answer.Id, Label = "Show sources" });
        }

        return [new Component { Type = 1, Components = buttons }];
    }
}
