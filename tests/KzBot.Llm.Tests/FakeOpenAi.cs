using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KzBot.Llm.Tests;

/// <summary>
/// A loopback Kestrel server speaking OpenAI's <c>POST /v1/chat/completions</c> wire format (non-streaming). It
/// records every request and answers from a script, then from <see cref="Responder"/>.
/// </summary>
public sealed class FakeOpenAi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private int _inFlight;
    private int _peak;

    private FakeOpenAi(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Used when the script is empty.</summary>
    public Func<RecordedRequest, FakeReply> Responder { get; set; } = _ => FakeReply.Text("Kazakhstan abstained [1].");

    public int InFlight => Volatile.Read(ref _inFlight);

    public int PeakInFlight => Volatile.Read(ref _peak);

    /// <summary>Requests wait here while <see cref="FakeReply.Gated"/> replies are served.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeOpenAi> StartAsync()
    {
        var app = LoopbackWeb.CreateBuilder().Build();
        var fake = new FakeOpenAi(app);
        app.MapPost("/v1/chat/completions", fake.HandleAsync);
        await app.StartAsync();
        var address = LoopbackWeb.Address(app);
        fake.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return fake;
    }

    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var r in replies)
        {
            _script.Enqueue(r);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }

        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var request = new RecordedRequest(JsonDocument.Parse(body).RootElement.Clone(), context.Request.Headers.Authorization.ToString());
            Requests.Enqueue(request);
            var reply = _script.TryDequeue(out var scripted) ? scripted : Responder(request);
            await ServeAsync(context, reply);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task ServeAsync(HttpContext context, FakeReply reply)
    {
        switch (reply.Kind)
        {
            case FakeReplyKind.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return;
            case FakeReplyKind.Status:
                context.Response.StatusCode = reply.Status;
                await context.Response.WriteAsync("{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}");
                return;
            case FakeReplyKind.Malformed:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":");
                return;
            case FakeReplyKind.Gated:
                await Gate.Task.WaitAsync(context.RequestAborted);
                break;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-1",
            @object = "chat.completion",
            created = 1700000000,
            model = "fake",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
        }));
    }

    public async ValueTask DisposeAsync()
    {
        Gate.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public enum FakeReplyKind
{
    Text,
    Status,
    Malformed,
    Hang,
    Gated,
}

public sealed record FakeReply(FakeReplyKind Kind, string Content = "", int Status = 200)
{
    public static FakeReply Text(string content) => new(FakeReplyKind.Text, content);

    public static FakeReply Fail(int status) => new(FakeReplyKind.Status, Status: status);

    public static FakeReply Malformed { get; } = new(FakeReplyKind.Malformed);

    public static FakeReply Hang { get; } = new(FakeReplyKind.Hang);

    public static FakeReply Gated(string content) => new(FakeReplyKind.Gated, content);
}

/// <summary>One request as KzBot sent it.</summary>
public sealed record RecordedRequest(JsonElement Body, string Authorization)
{
    public IReadOnlyList<(string Role, string Content)> Messages =>
        Body.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, Text(m.GetProperty("content")))).ToList();

    public string System => Messages.Single(m => m.Role == "system").Content;

    public string User => Messages.Last(m => m.Role == "user").Content;

    private static string Text(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()!
        : string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString()));

    /// <summary>True for the follow-up/translation call, false for the answer call.</summary>
    public bool IsRewrite => User.Contains("Latest question:", StringComparison.Ordinal);
}
