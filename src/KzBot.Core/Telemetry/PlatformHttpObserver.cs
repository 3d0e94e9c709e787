using System.Net;
using KzBot.Core.Hosting;

namespace KzBot.Core.Telemetry;

/// <summary>
/// Watches a platform's HTTP calls on the way through: 429s and failed calls are counted for operators, and when
/// the platform's link is carried over HTTP (Telegram), an answer to a call that receives updates means it is up
/// while a transport failure or a 5xx means it is down. Sends do not count for the link: they can succeed while
/// receiving is broken.
/// </summary>
/// <param name="receives">Which requests receive updates (long polls, webhook registration).</param>
public sealed class PlatformHttpObserver(string platform, KzBotMetrics metrics, PlatformLink? link = null, Func<HttpRequestMessage, bool>? receives = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var watched = link is not null && (receives?.Invoke(request) ?? true) ? link : null;
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            watched?.Disconnected(ex.HttpRequestError.ToString());
            metrics.RecordSendError(platform);
            throw;
        }

        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            watched?.Disconnected($"HTTP {status}");
        }
        else
        {
            watched?.Connected();
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            metrics.RecordRateLimited(platform);
        }
        else if (status >= 400)
        {
            metrics.RecordSendError(platform);
        }

        return response;
    }
}
