using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KzBot.Discord.Tests.Fakes;

/// <summary>
/// Discord on loopback: a Kestrel server with the gateway (WebSocket, at <c>/gateway</c> and the resume URL
/// <c>/resume</c>) and the REST routes the bot uses, speaking Discord's JSON. Tests script the gateway side and
/// can take over any REST response.
/// </summary>
public sealed class FakeDiscordServer : IAsyncDisposable
{
    public const string BotId = "1100000000000000001";
    public const string AppId = "1100000000000000002";

    private readonly WebApplication _app;
    private readonly Channel<FakeGatewayConnection> _connections = Channel.CreateUnbounded<FakeGatewayConnection>();
    private readonly List<RecordedRequest> _requests = [];
    private TaskCompletionSource _requestArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId = 1400000000000000000;
    private int _connectionCount;

    private FakeDiscordServer(WebApplication app) => _app = app;

    public string Origin { get; private set; } = "";

    public string ApiBaseUrl => Origin + "/api/v10/";

    public string GatewayUrl => Origin.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway";

    public string ResumeUrl => Origin.Replace("http://", "ws://", StringComparison.Ordinal) + "/resume";

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Takes over a REST response: return true when it wrote one.</summary>
    public Func<RecordedRequest, HttpContext, Task<bool>>? Responder { get; set; }

    public int MaxConcurrency { get; set; } = 1;

    /// <summary>Identifies left today (<c>session_start_limit.remaining</c>); the budget resets after <see cref="ResetAfterMs"/>.</summary>
    public int Remaining { get; set; } = 999;

    public long ResetAfterMs { get; set; } = 14_400_000;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeDiscordServer> StartAsync()
    {
        var app = LoopbackWeb.CreateBuilder().Build();
        var server = new FakeDiscordServer(app);
        app.UseWebSockets();
        app.Map("/gateway", server.AcceptGatewayAsync);
        app.Map("/resume", server.AcceptGatewayAsync);
        app.Map("/api/v10/{**path}", server.HandleRestAsync);
        await app.StartAsync();
        server.Origin = LoopbackWeb.Address(app);
        return server;
    }

    public async Task<FakeGatewayConnection> NextConnectionAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _connections.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Waits for the <paramref name="count"/>-th request that matches.</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task arrived;
            lock (_requests)
            {
                var matches = _requests.Where(match).ToList();
                if (matches.Count >= count)
                {
                    return matches[count - 1];
                }

                arrived = _requestArrived.Task;
            }

            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected request #{count} did not arrive. Got: {string.Join(", ", Requests.Select(r => r.Method + " " + r.Path))}");
            }

            await Task.WhenAny(arrived, Task.Delay(left));
        }
    }

    public List<RecordedRequest> MessagesTo(string channelId) =>
        Requests.Where(r => r.Is("POST", $"channels/{channelId}/messages")).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string NewId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task AcceptGatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeGatewayConnection(socket, context.Request.Path, context.Request.QueryString.Value ?? "");
        Interlocked.Increment(ref _connectionCount);
        var run = connection.RunAsync();
        await _connections.Writer.WriteAsync(connection);
        await run;
    }

    private async Task HandleRestAsync(HttpContext context)
    {
        var path = (string)context.Request.RouteValues["path"]!;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(
            context.Request.Method,
            path,
            context.Request.Headers.Authorization.FirstOrDefault(),
            context.Request.Headers.UserAgent.FirstOrDefault(),
            body,
            Stopwatch.GetTimestamp());
        lock (_requests)
        {
            _requests.Add(request);
            var arrived = _requestArrived;
            _requestArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived.SetResult();
        }

        if (Responder is { } responder && await responder(request, context))
        {
            return;
        }

        var segments = path.Split('/');
        switch (request.Method, segments)
        {
            case ("GET", ["gateway", "bot"]):
                await Json(context, $$$"""{"url":"{{{GatewayUrl}}}","shards":1,"session_start_limit":{"total":1000,"remaining":{{{Remaining}}},"reset_after":{{{ResetAfterMs}}},"max_concurrency":{{{MaxConcurrency}}}}}""");
                break;
            case ("POST", ["channels", var channel, "messages"]):
                await Json(context, $$$"""{"id":"{{{NewId()}}}","channel_id":"{{{channel}}}","type":0,"content":"","author":{"id":"{{{BotId}}}","bot":true}}""");
                break;
            case ("POST", ["webhooks", _, _]):
            case ("PATCH", ["webhooks", _, _, "messages", _]):
                await Json(context, $$"""{"id":"{{NewId()}}","channel_id":"1","type":0,"content":""}""");
                break;
            case ("PUT", ["applications", ..]):
                await Json(context, "[]");
                break;
            default:
                context.Response.StatusCode = 204;
                break;
        }
    }

    private static async Task Json(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }
}
