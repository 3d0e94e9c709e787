using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace KzBot.Telegram.Hosting;

/// <summary>
/// Makes <see cref="TelegramBotClient"/>s over the factory's named HttpClient. A client is cheap (an options object and
/// a parsed token), so callers create one per piece of work and the factory keeps rotating handlers.
/// </summary>
internal sealed class TelegramClientFactory(IHttpClientFactory httpClients, IOptions<TelegramOptions> options)
{
    /// <summary>The named HttpClient; registered without logging handlers because request URLs carry the token.</summary>
    public const string HttpClientName = "KzBot.Telegram";

    public ITelegramBotClient Create()
    {
        var o = options.Value;
        var clientOptions = new TelegramBotClientOptions(o.BotToken, string.IsNullOrWhiteSpace(o.ApiBaseUrl) ? null : o.ApiBaseUrl)
        {
            // The library would sleep through 429s by itself, bypassing our send queue; we handle them instead.
            RetryThreshold = 0,
        };
        return new TelegramBotClient(clientOptions, httpClients.CreateClient(HttpClientName));
    }
}
