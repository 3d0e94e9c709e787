using KzBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace KzBot.Discord.Bot;

/// <summary>
/// Shows "KzBot is typing…" from the moment a question arrives until the answer is sent. Discord shows it for 10 s, so
/// it is renewed every 8 s; it runs beside the answer, never in its way.
/// </summary>
internal sealed class TypingIndicator(DiscordRestClient rest, TimeProvider time, ILogger<TypingIndicator> logger)
{
    private static readonly TimeSpan Renew = TimeSpan.FromSeconds(8);

    public IAsyncDisposable Start(string channelId)
    {
        var cts = new CancellationTokenSource();
        var loop = RunAsync(channelId, cts.Token);
        return new Handle(cts, loop);
    }

    private async Task RunAsync(string channelId, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var next = Task.Delay(Renew, time, ct);
                await rest.TriggerTypingAsync(channelId, ct);
                await next;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogDebug("Typing indicator for channel {Channel} failed: {Reason}", channelId, ex.Message);
        }
    }

    private sealed class Handle(CancellationTokenSource cts, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await cts.CancelAsync();
            await loop;
            cts.Dispose();
        }
    }
}
