using System.Net;
using KzBot.Discord.Models;
using KzBot.Discord.Rest;
using KzBot.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Discord.Tests;

/// <summary>The REST client against the fake: headers, buckets, the global limit and 429s, with fake time.</summary>
public sealed class RestTests : IAsyncLifetime
{
    private const string ChannelA = "1200000000000000301";
    private const string ChannelB = "1200000000000000302";

    private readonly FakeTimeProvider _clock = new();
    private FakeDiscordServer _server = null!;
    private IHost _host = null!;

    private DiscordRestClient Rest => _host.Services.GetRequiredService<DiscordRestClient>();

    public async Task InitializeAsync()
    {
        _server = await FakeDiscordServer.StartAsync();
        _host = Build(globalPerSecond: 50);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Requests_carry_the_bot_token_and_user_agent_and_keep_the_api_version_in_the_path()
    {
        await Rest.CreateMessageAsync(ChannelA, new MessagePayload { Content = "hi" }, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal($"channels/{ChannelA}/messages", request.Path);
        Assert.Equal("Bot " + DiscordTestBot.Token, request.Authorization);
        Assert.Matches(@"^DiscordBot \(https?://\S+, [\d.]+\)$", request.UserAgent);
        Assert.Equal("""{"content":"hi","allowed_mentions":{"parse":[]}}""", request.Body);
    }

    [Fact]
    public async Task Interaction_callbacks_authenticate_by_their_token_only()
    {
        await Rest.RespondToInteractionAsync("1300000000000000600", "interaction-token", new InteractionResponse(5), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("interactions/1300000000000000600/interaction-token/callback", request.Path);
        Assert.Null(request.Authorization);
        Assert.Equal("""{"type":5}""", request.Body);
    }

    [Fact]
    public async Task A_429_on_message_create_waits_retry_after_and_sends_the_message_once()
    {
        var calls = 0;
        _server.Responder = async (r, ctx) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return false;
            }

            ctx.Response.StatusCode = 429;
            ctx.Response.Headers["X-RateLimit-Scope"] = "user";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"message":"You are being rate limited.","retry_after":2.5,"global":false}""");
            return true;
        };

        var send = Rest.CreateMessageAsync(ChannelA, new MessagePayload { Content = "hi" }, CancellationToken.None);
        await _server.WaitForRequestAsync(r => r.Method == "POST");
        _clock.Advance(TimeSpan.FromSeconds(2));
        await Task.Yield();
        Assert.Single(_server.Requests);

        await AdvanceUntil(send);
        Assert.Equal(2, _server.Requests.Count);
        Assert.True(send.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task An_exhausted_bucket_holds_later_sends_to_that_channel_until_reset_but_not_other_channels()
    {
        _server.Responder = async (r, ctx) =>
        {
            ctx.Response.Headers["X-RateLimit-Limit"] = "1";
            ctx.Response.Headers["X-RateLimit-Remaining"] = "0";
            ctx.Response.Headers["X-RateLimit-Reset-After"] = "3.000";
            ctx.Response.Headers["X-RateLimit-Bucket"] = "abcd1234";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($$"""{"id":"1","channel_id":"{{r.Path.Split('/')[1]}}"}""");
            return true;
        };

        await Rest.CreateMessageAsync(ChannelA, new MessagePayload { Content = "1" }, CancellationToken.None);
        var second = Rest.CreateMessageAsync(ChannelA, new MessagePayload { Content = "2" }, CancellationToken.None);
        var third = Rest.CreateMessageAsync(ChannelA, new MessagePayload { Content = "3" }, CancellationToken.None);
        // Same bucket hash, different major parameter: an independent counter.
        await Rest.CreateMessageAsync(ChannelB, new MessagePayload { Content = "b" }, CancellationToken.None);

        Assert.Single(_server.MessagesTo(ChannelA));
        _clock.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Yield();
        Assert.Single(_server.MessagesTo(ChannelA));

        await AdvanceUntil(second);
        Assert.False(third.IsCompleted);
        await AdvanceUntil(third);
        Assert.Equal(["1", "2", "3"], _server.MessagesTo(ChannelA).Select(r => r.Json.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task The_global_limit_paces_requests_across_routes()
    {
        _host.Dispose();
        _host = Build(globalPerSecond: 5);
        var sends = Enumerable.Range(0, 12).Select(i => Rest.TriggerTypingAsync((1200000000000001000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None)).ToList();

        await _server.WaitForRequestAsync(_ => true, count: 5);
        Assert.Equal(5, _server.Requests.Count);
        await AdvanceUntil(Task.WhenAll(sends));
        Assert.Equal(12, _server.Requests.Count);
        Assert.True(_clock.GetUtcNow() - _clock.Start >= TimeSpan.FromSeconds(2), "12 requests at 5/s need at least two more seconds");
    }

    [Fact]
    public async Task A_global_429_pauses_every_route()
    {
        var calls = 0;
        _server.Responder = async (r, ctx) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return false;
            }

            ctx.Response.StatusCode = 429;
            ctx.Response.Headers["X-RateLimit-Global"] = "true";
            ctx.Response.Headers["X-RateLimit-Scope"] = "global";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"message":"global","retry_after":1.5,"global":true}""");
            return true;
        };

        var first = Rest.TriggerTypingAsync(ChannelA, CancellationToken.None);
        var logs = _host.Services.GetRequiredService<FakeLogCollector>();
        await Eventually.UntilAsync(() => logs.GetSnapshot().Any(l => l.Message.Contains("global", StringComparison.Ordinal)), "the 429 was not handled");
        var other = Rest.TriggerTypingAsync(ChannelB, CancellationToken.None);
        await Task.Yield();
        Assert.Single(_server.Requests);

        await AdvanceUntil(Task.WhenAll(first, other));
        Assert.Equal(3, _server.Requests.Count);
        Assert.True(_clock.GetUtcNow() - _clock.Start >= TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task A_429_that_is_not_Discord_json_is_not_retried()
    {
        _server.Responder = async (r, ctx) =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html>Error 1015</html>");
            return true;
        };

        var ex = await Assert.ThrowsAsync<DiscordApiException>(() => Rest.CreateMessageAsync(ChannelA, new MessagePayload { Content = "hi" }, CancellationToken.None));
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.Status);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Errors_name_the_route_but_never_a_token()
    {
        _server.Responder = async (r, ctx) =>
        {
            ctx.Response.StatusCode = 404;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"message":"Unknown interaction","code":10062}""");
            return true;
        };

        var ex = await Assert.ThrowsAsync<DiscordApiException>(() =>
            Rest.EditOriginalResponseAsync(FakeDiscordServer.AppId, "secret-interaction-token", new MessagePayload { Content = "x" }, CancellationToken.None));
        Assert.Equal(10062, ex.Code);
        Assert.Contains("webhooks/:id/:token/messages/@original", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-interaction-token", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "channels/1200000000000000300/messages", "POST channels/:id/messages", "1200000000000000300")]
    [InlineData("PATCH", "webhooks/11/tok/messages/@original", "PATCH webhooks/:id/:token/messages/@original", "11/tok")]
    [InlineData("POST", "interactions/13/tok/callback", "POST interactions/:id/:token/callback", "13")]
    [InlineData("GET", "gateway/bot", "GET gateway/bot", "global")]
    public void Routes_are_keyed_by_template_and_major_parameter(string method, string path, string key, string major)
    {
        var route = RestRoute.For(new HttpMethod(method), path);
        Assert.Equal(key, route.Key);
        Assert.Equal(major, route.Major);
    }

    private IHost Build(int globalPerSecond)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Discord:BotToken"] = DiscordTestBot.Token;
        builder.Configuration["Discord:ApiBaseUrl"] = _server.ApiBaseUrl.TrimEnd('/');
        builder.Configuration["Discord:GlobalRequestsPerSecond"] = globalPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddDiscordBot();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddSingleton<KzBot.Core.Telemetry.KzBotMetrics>();
        return builder.Build();
    }

    private async Task AdvanceUntil(Task task)
    {
        var real = System.Diagnostics.Stopwatch.StartNew();
        while (!task.IsCompleted && real.Elapsed < TimeSpan.FromSeconds(10))
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(task, Task.Delay(10));
        }

        await task;
    }
}
