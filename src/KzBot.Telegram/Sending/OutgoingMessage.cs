using Telegram.Bot.Types.ReplyMarkups;

namespace KzBot.Telegram.Sending;

/// <summary>One reply, already rendered and split: the first part quotes the question, the last carries the keyboard.</summary>
internal sealed record OutgoingMessage(
    long ChatId,
    IReadOnlyList<string> HtmlParts,
    int? ReplyToMessageId = null,
    int? MessageThreadId = null,
    InlineKeyboardMarkup? Keyboard = null);
