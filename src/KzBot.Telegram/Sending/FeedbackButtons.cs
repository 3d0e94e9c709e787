using Telegram.Bot.Types.ReplyMarkups;

namespace KzBot.Telegram.Sending;

/// <summary>
/// The 👍/👎 keyboard under an answer. Callback data is "fb:+:&lt;answer id&gt;" or "fb:-:&lt;answer id&gt;" — about
/// 17 bytes with Core's 12-character ids, well under Telegram's 64. The same data lets a reply to an answer be traced
/// back to the answer id (Telegram includes the replied message's keyboard).
/// </summary>
internal static class FeedbackButtons
{
    private const string Prefix = "fb:";
    private const int MaxCallbackBytes = 64;

    public static InlineKeyboardMarkup For(string answerId, int chosen = 0)
    {
        var up = Data(answerId, +1);
        var down = Data(answerId, -1);
        if (System.Text.Encoding.UTF8.GetByteCount(up) > MaxCallbackBytes)
        {
            throw new ArgumentException("Answer id too long for Telegram callback data.", nameof(answerId));
        }

        return new InlineKeyboardMarkup(new[]
        {
            InlineKeyboardButton.WithCallbackData(chosen > 0 ? "👍 ✓" : "👍", up),
            InlineKeyboardButton.WithCallbackData(chosen < 0 ? "👎 ✓" : "👎", down),
        });
    }

    public static bool TryParse(string? data, out string answerId, out int value)
    {
        answerId = "";
        value = 0;
        if (data is null || data.Length < Prefix.Length + 3 || !data.StartsWith(Prefix, StringComparison.Ordinal) || data[Prefix.Length + 1] != ':')
        {
            return false;
        }

        value = data[Prefix.Length] switch
        {
            '+' => 1,
            '-' => -1,
            _ => 0,
        };
        answerId = data[(Prefix.Length + 2)..];
        return value != 0 && answerId.Length > 0;
    }

    /// <summary>The answer id behind a message's feedback keyboard, if it has one.</summary>
    public static string? AnswerIdOf(InlineKeyboardMarkup? markup)
    {
        foreach (var row in markup?.InlineKeyboard ?? [])
        {
            foreach (var button in row)
            {
                if (TryParse(button.CallbackData, out var id, out _))
                {
                    return id;
                }
            }
        }

        return null;
    }

    private static string Data(string answerId, int value) => $"{Prefix}{(value > 0 ? '+' : '-')}:{answerId}";
}
