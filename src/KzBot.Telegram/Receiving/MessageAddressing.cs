using System.Globalization;
using KzBot.Core.Chat;
using KzBot.Telegram.Sending;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace KzBot.Telegram.Receiving;

/// <summary>
/// Turns a Telegram text message into an <see cref="IncomingMessage"/>: strips "@botname" from commands and the bot's
/// mention from the text, and records how the message reaches the bot (private chat, mention, reply). Whether to
/// answer stays the engine's decision.
/// </summary>
internal static class MessageAddressing
{
    public const string Platform = "telegram";

    /// <summary>Null when the message is not for this bot at all (no text, or a command for another bot).</summary>
    public static IncomingMessage? ToIncoming(Message message, User me, IReadOnlyCollection<long> adminUserIds)
    {
        // A document's text is its caption ("/add" sent with a file).
        if ((message.Text ?? message.Caption) is not { } text || message.From is not { } from)
        {
            return null;
        }

        var mentions = false;

        // "/ask@KzBot …": for us, and addressed; "/ask@OtherBot …": someone else's.
        if (text.StartsWith('/'))
        {
            var end = text.AsSpan().IndexOfAny(' ', '\n', '\t');
            var commandToken = end < 0 ? text : text[..end];
            var at = commandToken.IndexOf('@', StringComparison.Ordinal);
            if (at >= 0)
            {
                if (!string.Equals(commandToken[(at + 1)..], me.Username, StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                text = string.Concat(commandToken.AsSpan(0, at), end < 0 ? "" : text.AsSpan(end));
                mentions = true;
            }
        }
        else
        {
            (text, mentions) = RemoveMentions(message, text, me);
        }

        var repliesToBot = message.ReplyToMessage?.From?.Id == me.Id;
        return new IncomingMessage
        {
            Platform = Platform,
            ChatId = message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            UserId = from.Id.ToString(CultureInfo.InvariantCulture),
            UserName = from.Username ?? from.FirstName,
            Text = text,
            IsAdmin = adminUserIds.Contains(from.Id),
            IsFromBot = from.IsBot,
            IsDirect = message.Chat.Type == ChatType.Private,
            MentionsBot = mentions,
            RepliesToBot = repliesToBot,
            ReplyToAnswerId = repliesToBot ? FeedbackButtons.AnswerIdOf(message.ReplyToMessage?.ReplyMarkup) : null,
            ReplyToMessageId = repliesToBot ? message.ReplyToMessage?.MessageId.ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    private static (string Text, bool Mentions) RemoveMentions(Message message, string text, User me)
    {
        var handle = "@" + me.Username;
        var spans = new List<(int Offset, int Length)>();
        foreach (var e in (message.Text is null ? message.CaptionEntities : message.Entities) ?? [])
        {
            if (e.Offset < 0 || e.Offset + e.Length > text.Length)
            {
                continue;
            }

            var isMe = e.Type switch
            {
                MessageEntityType.Mention => string.Equals(text.Substring(e.Offset, e.Length), handle, StringComparison.OrdinalIgnoreCase),
                MessageEntityType.TextMention => e.User?.Id == me.Id,
                _ => false,
            };
            if (isMe)
            {
                spans.Add((e.Offset, e.Length));
            }
        }

        if (spans.Count == 0)
        {
            return (text, false);
        }

        // From the end, so earlier offsets stay valid.
        foreach (var (offset, length) in spans.OrderByDescending(s => s.Offset))
        {
            // "@KzBot, what…" / "@KzBot: what…": the punctuation belonged to the mention.
            var end = offset + length;
            var cut = end < text.Length && (text[end] is ',' or ':') ? length + 1 : length;
            text = text.Remove(offset, cut);
        }

        return (string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim(' ', ',', ':'), true);
    }
}
