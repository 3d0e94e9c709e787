using KzBot.Discord.Models;
using KzBot.Discord.Rest;
using Microsoft.Extensions.Options;

namespace KzBot.Discord.Gateway;

/// <summary>
/// <c>GET /gateway/bot</c>, cached: the URL is reused for every fresh connection, and fetched again only when it
/// fails or the identify budget has been used up. <see cref="DiscordOptions.GatewayUrl"/> overrides the URL.
/// </summary>
internal sealed class GatewayInfoProvider(DiscordRestClient rest, IOptions<DiscordOptions> options)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private GatewayBotInfo? _cached;

    public async Task<GatewayBotInfo> GetAsync(bool refresh, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_cached is null || refresh)
            {
                var info = await rest.GetGatewayBotAsync(cancellationToken);
                _cached = options.Value.GatewayUrl is { Length: > 0 } url ? info with { Url = url } : info;
            }

            return _cached;
        }
        finally
        {
            _lock.Release();
        }
    }
}
