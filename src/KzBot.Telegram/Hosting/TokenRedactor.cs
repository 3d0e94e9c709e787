using System.Text;
using Microsoft.Extensions.Options;

namespace KzBot.Telegram.Hosting;

/// <summary>
/// Describes exceptions for logs with the bot token removed. Telegram request URLs contain the token, and an
/// exception message that echoes a URL would otherwise leak it, so Telegram errors are logged through here.
/// </summary>
internal sealed class TokenRedactor(IOptions<TelegramOptions> options)
{
    public string Describe(Exception exception)
    {
        var sb = new StringBuilder();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (sb.Length > 0)
            {
                sb.Append(" ---> ");
            }

            sb.Append(e.GetType().Name).Append(": ").Append(e.Message);
        }

        return Redact(sb.ToString());
    }

    public string Redact(string text)
    {
        var token = options.Value.BotToken;
        if (string.IsNullOrEmpty(token))
        {
            return text;
        }

        text = text.Replace(token, "<token>", StringComparison.Ordinal);

        // The secret half alone is still a secret (the bot id before the colon is public).
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && colon < token.Length - 1 ? text.Replace(token[(colon + 1)..], "<token>", StringComparison.Ordinal) : text;
    }
}
