using System.Text.RegularExpressions;
using KzBot.Core.Text;
using Microsoft.Extensions.Options;

namespace KzBot.Telegram.Hosting;

/// <summary>Checks what data annotations cannot: the token's shape and the settings webhook mode needs.</summary>
internal sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        var failures = new List<string>();

        // Telegram.Bot parses the bot id out of the token and throws on anything else; say so clearly instead.
        // The message never repeats the token itself.
        if (!TokenShape().IsMatch(options.BotToken))
        {
            failures.Add("Telegram:BotToken does not look like a BotFather token (<digits>:<letters, digits, _ or ->).");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiBaseUrl) && !WebLink.IsHttp(options.ApiBaseUrl))
        {
            failures.Add("Telegram:ApiBaseUrl must be an absolute http or https address.");
        }

        if (options.RetryDelayMax < options.RetryDelay)
        {
            failures.Add("Telegram:RetryDelayMax must not be shorter than Telegram:RetryDelay.");
        }

        if (options.Mode == TelegramMode.Webhook)
        {
            if (string.IsNullOrWhiteSpace(options.WebhookUrl) || !WebLink.IsHttp(options.WebhookUrl))
            {
                failures.Add("Telegram:WebhookUrl must be the absolute https address Telegram will post updates to.");
            }

            if (string.IsNullOrEmpty(options.WebhookSecretToken) || !SecretShape().IsMatch(options.WebhookSecretToken))
            {
                failures.Add("Telegram:WebhookSecretToken is required in webhook mode: 1–256 characters of A–Z, a–z, 0–9, _ and -.");
            }

            if (!WebLink.IsHttp(options.WebhookListenUrl))
            {
                failures.Add("Telegram:WebhookListenUrl must be an http or https address such as http://0.0.0.0:8443.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^\d+:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenShape();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretShape();
}
