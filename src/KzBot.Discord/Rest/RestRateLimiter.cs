using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using KzBot.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Discord.Rest;

/// <summary>
/// Discord's REST rate limits as the mature libraries keep them: per-route buckets learned from the
/// <c>X-RateLimit-*</c> headers and keyed by bucket hash plus major parameter, the global per-second limit,
/// and 429s waited out for <c>retry_after</c> and retried — a 429 means the request was not processed.
/// </summary>
internal sealed class RestRateLimiter(IOptions<DiscordOptions> options, TimeProvider time, ILogger<RestRateLimiter> logger)
{
    private const int MaxRateLimitRetries = 3;

    private readonly ConcurrentDictionary<string, string> _hashes = new();
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new();
    private readonly GlobalRateLimiter _global = new(options.Value.GlobalRequestsPerSecond, time);

    public async Task<HttpResponseMessage> SendAsync(
        RestRoute route,
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken)
    {
        var bucket = BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var now = time.GetUtcNow();
                if (bucket.Remaining <= 0 && now < bucket.ResetAt)
                {
                    logger.LogDebug("Waiting {WaitMs:F0} ms for bucket of {Route}", (bucket.ResetAt - now).TotalMilliseconds, route.Key);
                    await Task.Delay(bucket.ResetAt - now, time, cancellationToken);
                }

                HttpResponseMessage response;
                using (route.IsInteraction ? null : await _global.AcquireAsync(cancellationToken))
                {
                    // Cancellation stops the waiting, not a request already admitted: one aborted mid-flight may
                    // still reach Discord after its slot was given back. The client's timeout bounds it.
                    response = await send(CancellationToken.None);
                }

                Update(route, bucket, response);
                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    return response;
                }

                var limit = await ReadRateLimitAsync(response, cancellationToken);
                if (limit is null)
                {
                    // Not Discord's JSON: Cloudflare's ban page. Retrying would only extend the ban.
                    logger.LogError("Discord {Route} answered 429 without a rate-limit body (Cloudflare ban?); not retrying", route.Key);
                    return response;
                }

                var retryAfter = TimeSpan.FromSeconds(Math.Max(0, limit.RetryAfter));
                var global = limit.Global || response.Headers.TryGetValues("X-RateLimit-Global", out _) ||
                    (response.Headers.TryGetValues("X-RateLimit-Scope", out var scope) && scope.Contains("global"));
                if (global)
                {
                    // Every bucket waits on the shared pause, not just this one.
                    _global.PauseFor(retryAfter);
                }

                logger.LogWarning("Rate limited on {Route} ({Scope}); retrying in {RetryAfterMs:F0} ms", route.Key, global ? "global" : "route", retryAfter.TotalMilliseconds);
                if (attempt >= MaxRateLimitRetries)
                {
                    return response;
                }

                response.Dispose();
                if (!global || route.IsInteraction)
                {
                    await Task.Delay(retryAfter, time, cancellationToken);
                }
            }
        }
        finally
        {
            bucket.Gate.Release();
        }
    }

    private RateLimitBucket BucketFor(RestRoute route)
    {
        var hash = _hashes.TryGetValue(route.Key, out var h) ? h : "route:" + route.Key;
        return _buckets.GetOrAdd(hash + ":" + route.Major, _ => new RateLimitBucket());
    }

    private void Update(RestRoute route, RateLimitBucket bucket, HttpResponseMessage response)
    {
        var headers = response.Headers;
        var remaining = Header(headers, "X-RateLimit-Remaining");
        var resetAfter = Header(headers, "X-RateLimit-Reset-After");
        if (remaining is null || resetAfter is null)
        {
            return;
        }

        var state = (Remaining: (int)remaining.Value, ResetAt: time.GetUtcNow() + TimeSpan.FromSeconds(resetAfter.Value));
        bucket.Remaining = state.Remaining;
        bucket.ResetAt = state.ResetAt;

        // Routes sharing a hash share the limit; later requests go to the hash's bucket, which starts from what we know.
        if (headers.TryGetValues("X-RateLimit-Bucket", out var values) && values.FirstOrDefault() is { Length: > 0 } hash &&
            !(_hashes.TryGetValue(route.Key, out var known) && known == hash))
        {
            _hashes[route.Key] = hash;
            var shared = _buckets.GetOrAdd(hash + ":" + route.Major, _ => new RateLimitBucket());
            if (!ReferenceEquals(shared, bucket))
            {
                shared.Remaining = state.Remaining;
                shared.ResetAt = state.ResetAt;
            }
        }
    }

    private static double? Header(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) &&
        double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static async Task<RateLimitBody?> ReadRateLimitAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }

        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return JsonSerializer.Deserialize(body, DiscordJsonContext.Default.RateLimitBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
