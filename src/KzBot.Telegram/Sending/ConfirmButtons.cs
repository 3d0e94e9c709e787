using KzBot.Core.Chat;
using Telegram.Bot.Types.ReplyMarkups;

namespace KzBot.Telegram.Sending;

/// <summary>
/// The button under a destructive admin command's question ("Remove …?"). Callback data is "cf:&lt;token&gt;"; the
/// engine knows which admin and which action the token stands for, and when it expires.
/// </summary>
internal static class ConfirmButtons
{
    private const string Prefix = "cf:";

    public static InlineKeyboardMarkup For(Confirmation confirmation) =>
        new(InlineKeyboardButton.WithCallbackData(confirmation.ButtonLabel, Prefix + confirmation.Token));

    public static bool TryParse(string? data, out string token)
    {
        token = data is not null && data.StartsWith(Prefix, StringComparison.Ordinal) ? data[Prefix.Length..] : "";
        return token.Length > 0;
    }
}
