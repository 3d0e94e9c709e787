using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KzBot.Telegram.Tests.Fakes;

/// <summary>One request the bot made, with its JSON body.</summary>
public sealed record ApiCall(string Method, JsonObject Body)
{
    /// <summary>When the fake received the call (<see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long At { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public long ChatId => Body["chat_id"]?.GetValue<long>() ?? 0;

    public string Text => Body["text"]?.GetValue<string>() ?? "";

    public string? ParseMode => Body["parse_mode"]?.GetValue<string>();
}

/// <summary>An error the fake answers with instead of the normal result.</summary>
public sealed record FakeError(int Code, string Description, int? RetryAfter = null, long? MigrateToChatId = null);

/// <summary>
/// A Bot API server on 127.0.0.1:0 speaking the real JSON wire protocol: long-poll getUpdates with offsets, the
/// methods KzBot calls, error bodies the library turns into ApiRequestException, and a record of every call.
/// It checks sendMessage the way Telegram does: length, and HTML that Telegram could parse.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    public const string Token = "7001234567:AAH-fake_Secret_token_Value42";
    public const long BotId = 7001234567;
    public const string BotUsername = "KzTestBot";

    private readonly Lock _lock = new();
    private readonly List<ApiCall> _calls = [];
    private readonly List<JsonObject> _updates = [];
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextUpdateId = 1;
    private int _nextMessageId = 1000;

    private FakeBotApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Consulted for every call after it is recorded; a non-null result is returned as the error.</summary>
    public Func<ApiCall, FakeError?>? Fault { get; set; }

    /// <summary>How long getUpdates waits for an update before answering with none.</summary>
    public TimeSpan LongPoll { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<ApiCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public static async Task<FakeBotApi> StartAsync()
    {
        var app = LoopbackWeb.CreateBuilder().Build();
        var fake = new FakeBotApi(app);
        app.MapPost("/bot{token}/{method}", fake.HandleAsync);
        app.MapGet("/file/bot{token}/documents/{fileId}", fake.DownloadAsync);
        await app.StartAsync();
        fake.BaseUrl = LoopbackWeb.Address(app);
        return fake;
    }

    public IReadOnlyList<ApiCall> Sent(long chatId) => [.. Calls.Where(c => c.Method == "sendMessage" && c.ChatId == chatId)];

    public IReadOnlyList<ApiCall> CallsTo(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>Queues an update for getUpdates; returns its update_id.</summary>
    public int Push(JsonObject update)
    {
        int id;
        lock (_lock)
        {
            id = _nextUpdateId++;
            update["update_id"] = id;
            _updates.Add(update);
        }

        Signal();
        return id;
    }

    public int PushMessage(JsonObject message) => Push(new JsonObject { ["message"] = message });

    /// <summary>Stores a file users "uploaded", served by getFile and the file endpoint; returns its file_id.</summary>
    public string AddFile(byte[] content)
    {
        var id = "doc" + NextMessageId();
        lock (_lock)
        {
            _files[id] = content;
        }

        return id;
    }

    /// <summary>How many times the file endpoint was asked for a file.</summary>
    public int FileDownloads { get; private set; }

    public int NextMessageId()
    {
        lock (_lock)
        {
            return _nextMessageId++;
        }
    }

    /// <summary>Waits (up to <paramref name="timeout"/>, default 15 s) until the recorded calls satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<ApiCall>> WaitForAsync(Func<IReadOnlyList<ApiCall>, bool> condition, string because, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            List<ApiCall> snapshot;
            Task changed;
            lock (_lock)
            {
                snapshot = [.. _calls];
                changed = _changed.Task;
            }

            if (condition(snapshot))
            {
                return snapshot;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var seen = string.Join(", ", snapshot.Where(c => c.Method != "getUpdates").Select(c => c.Method + (c.Text.Length > 0 ? $"({c.Text[..Math.Min(60, c.Text.Length)]})" : "")));
                throw new TimeoutException($"Timed out waiting for {because}. Calls: {seen}");
            }
        }
    }

    public Task<IReadOnlyList<ApiCall>> WaitForSentAsync(long chatId, int count, string because) =>
        WaitForAsync(calls => calls.Count(c => c.Method == "sendMessage" && c.ChatId == chatId) >= count, because);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Signal()
    {
        TaskCompletionSource old;
        lock (_lock)
        {
            old = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        old.TrySetResult();
    }

    private async Task HandleAsync(HttpContext context, string token, string method)
    {
        if (token != Token)
        {
            await WriteAsync(context, new FakeError(401, "Unauthorized"));
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var raw = await reader.ReadToEndAsync();
        var body = string.IsNullOrWhiteSpace(raw) ? [] : JsonNode.Parse(raw) as JsonObject ?? [];
        var call = new ApiCall(method, body);
        lock (_lock)
        {
            _calls.Add(call);
        }

        Signal();

        if (Fault?.Invoke(call) is { } fault)
        {
            await WriteAsync(context, fault);
            return;
        }

        switch (method)
        {
            case "getMe":
                await OkAsync(context, BotUser());
                break;
            case "getUpdates":
                await OkAsync(context, await NextUpdatesAsync(body, context.RequestAborted));
                break;
            case "sendMessage":
                if (Check(call) is { } error)
                {
                    await WriteAsync(context, error);
                }
                else
                {
                    await OkAsync(context, SentMessage(call.ChatId, NextMessageId(), call.Text));
                }

                break;
            case "getFile":
                var fileId = body["file_id"]?.GetValue<string>() ?? "";
                byte[]? file;
                lock (_lock)
                {
                    file = _files.GetValueOrDefault(fileId);
                }

                if (file is null)
                {
                    await WriteAsync(context, new FakeError(400, "Bad Request: invalid file_id"));
                }
                else
                {
                    await OkAsync(context, new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["file_size"] = file.Length, ["file_path"] = "documents/" + fileId });
                }

                break;
            case "editMessageReplyMarkup":
                await OkAsync(context, SentMessage(call.ChatId, body["message_id"]?.GetValue<int>() ?? 0, "answer"));
                break;
            case "sendChatAction" or "setMyCommands" or "deleteWebhook" or "setWebhook" or "answerCallbackQuery":
                await OkAsync(context, true);
                break;
            default:
                await WriteAsync(context, new FakeError(404, "Not Found: method not found"));
                break;
        }
    }

    private async Task DownloadAsync(HttpContext context, string token, string fileId)
    {
        byte[]? file;
        lock (_lock)
        {
            file = token == Token ? _files.GetValueOrDefault(fileId) : null;
            FileDownloads++;
        }

        Signal();
        if (file is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(file);
    }

    private async Task<JsonArray> NextUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var limit = body["limit"]?.GetValue<int>() ?? 100;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        wait.CancelAfter(LongPoll);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                // As Telegram does: asking with an offset confirms every earlier update.
                _updates.RemoveAll(u => u["update_id"]!.GetValue<int>() < offset);
                if (_updates.Count > 0)
                {
                    return [.. _updates.Take(limit).Select(u => u.DeepClone())];
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                return [];
            }
        }
    }

    /// <summary>What real Telegram rejects: over-long text and HTML it cannot parse.</summary>
    private static FakeError? Check(ApiCall call)
    {
        if (string.Equals(call.ParseMode, "html", StringComparison.OrdinalIgnoreCase))
        {
            if (TelegramHtmlCheck.Problem(call.Text) is { } problem)
            {
                return new FakeError(400, "Bad Request: can't parse entities: " + problem);
            }

            if (TelegramHtmlCheck.PlainLength(call.Text) > 4096)
            {
                return new FakeError(400, "Bad Request: message is too long");
            }
        }
        else if (call.Text.Length > 4096)
        {
            return new FakeError(400, "Bad Request: message is too long");
        }

        return call.Text.Trim().Length == 0 ? new FakeError(400, "Bad Request: message text is empty") : null;
    }

    private static JsonObject BotUser() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = "KzBot",
        ["username"] = BotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
    };

    private static JsonObject SentMessage(long chatId, int messageId, string text) => new()
    {
        ["message_id"] = messageId,
        ["date"] = 1_700_000_000,
        ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup" },
        ["from"] = BotUser(),
        ["text"] = text,
    };

    private static Task OkAsync(HttpContext context, JsonNode result) =>
        WriteJsonAsync(context, 200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static Task WriteAsync(HttpContext context, FakeError error)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = error.Code, ["description"] = error.Description };
        if (error.RetryAfter is not null || error.MigrateToChatId is not null)
        {
            var parameters = new JsonObject();
            if (error.RetryAfter is { } retry)
            {
                parameters["retry_after"] = retry;
            }

            if (error.MigrateToChatId is { } migrate)
            {
                parameters["migrate_to_chat_id"] = migrate;
            }

            body["parameters"] = parameters;
        }

        return WriteJsonAsync(context, error.Code, body);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
