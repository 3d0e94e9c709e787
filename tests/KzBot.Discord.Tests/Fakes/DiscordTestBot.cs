using System.Diagnostics;
using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using KzBot.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Discord.Tests.Fakes;

/// <summary>KzBot's real host, Discord enabled, pointed at a <see cref="FakeDiscordServer"/>, over the seed documents.</summary>
public sealed class DiscordTestBot : IAsyncDisposable
{
    public const string Token = "test.TOKEN-do-not-log-7f3a9c";
    public const string Guild = "900000000000000001";
    public const string Channel = "1200000000000000300";
    public const string User = "1000000000000000042";

    private readonly IHost _host;
    private readonly string _root;
    private long _seq;
    private bool _ownsServer;
    private long _nextMessageId = 1300000000000000000;

    private DiscordTestBot(IHost host, FakeDiscordServer server, string root, FakeTimeProvider? clock)
    {
        _host = host;
        Server = server;
        _root = root;
        Clock = clock;
    }

    public FakeDiscordServer Server { get; }

    public FakeTimeProvider? Clock { get; }

    public IServiceProvider Services => _host.Services;

    public ICorpusStore Corpus => Services.GetRequiredService<ICorpusStore>();

    public IVectorStore VectorStore => Services.GetRequiredService<IVectorStore>();

    public IConversationLog Log => Services.GetRequiredService<IConversationLog>();

    public GatewayStatus Status => Services.GetRequiredService<GatewayStatus>();

    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    public FakeGatewayConnection Gateway { get; set; } = null!;

    /// <param name="fakeTime">Use a <see cref="FakeTimeProvider"/> the test advances (heartbeats, waits, backoff).</param>
    public static async Task<DiscordTestBot> StartAsync(
        bool fakeTime = false,
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        FakeDiscordServer? server = null)
    {
        var ownsServer = server is null;
        server ??= await FakeDiscordServer.StartAsync();
        var (root, sources) = TestWorkspace.Create("kzbot-discord-test-");
        TestWorkspace.CopySeeds(sources);

        var overrides = new Dictionary<string, string?>(TestWorkspace.HostSettings(root, sources))
        {
            ["Discord:BotToken"] = Token,
            ["Discord:ApiBaseUrl"] = server.ApiBaseUrl,
            ["Discord:GlobalRequestsPerSecond"] = "10000",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Debug",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        };
        foreach (var (k, v) in settings ?? [])
        {
            overrides[k] = v;
        }

        var builder = KzBotHost.CreateBuilder([], overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        FakeTimeProvider? clock = null;
        if (fakeTime)
        {
            clock = new FakeTimeProvider();
            builder.Services.AddSingleton<TimeProvider>(clock);
        }

        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.GetRequiredService<DataIngestor>().ReloadAsync(CancellationToken.None);
        await host.StartAsync();
        return new DiscordTestBot(host, server, root, clock) { _ownsServer = ownsServer };
    }

    /// <summary>Accepts the bot's connection, says Hello, checks Identify and sends READY.</summary>
    /// <param name="autoAck">False: the fake leaves heartbeats unanswered until the test answers them.</param>
    public async Task<System.Text.Json.JsonElement> ConnectAsync(int heartbeatIntervalMs = 45_000, string? readyExtra = null, bool autoAck = true)
    {
        Gateway = await Server.NextConnectionAsync();
        Gateway.AutoAck = autoAck;
        await Gateway.HelloAsync(heartbeatIntervalMs);
        var identify = await Gateway.ExpectAsync(2);
        await Gateway.DispatchAsync("READY", ReadyJson(readyExtra), NextSeq());
        // READY is handled on the client's receive loop; tests that break the connection next need it handled.
        var state = Services.GetRequiredService<KzBot.Discord.Bot.DiscordBotState>();
        await Eventually.UntilAsync(() => state.SelfUserId is not null, "READY was not handled");
        return identify;
    }

    public string ReadyJson(string? extra = null) =>
        $$$"""{"v":10,"user":{"id":"{{{FakeDiscordServer.BotId}}}","username":"kzbot","bot":true},"guilds":[{{{extra}}}],"session_id":"session-1","resume_gateway_url":"{{{Server.ResumeUrl}}}","application":{"id":"{{{FakeDiscordServer.AppId}}}","flags":0}}""";

    public long NextSeq() => Interlocked.Increment(ref _seq);

    public long Seq => Interlocked.Read(ref _seq);

    public string NewMessageId() => Interlocked.Increment(ref _nextMessageId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends MESSAGE_CREATE and returns its id.</summary>
    public async Task<string> SendMessageAsync(string content, string? channel = Channel, bool mention = false, bool dm = false, string author = User, bool authorIsBot = false, string? referencedAuthor = null, string? id = null, long? seq = null, string extra = "", string referencedId = "1300000000000000001")
    {
        id ??= NewMessageId();
        await Gateway.DispatchAsync("MESSAGE_CREATE", MessageJson(id, content, channel!, mention, dm, author, authorIsBot, referencedAuthor, extra, referencedId), seq ?? NextSeq());
        return id;
    }

    public static string MessageJson(string id, string content, string channel, bool mention = false, bool dm = false, string author = User, bool authorIsBot = false, string? referencedAuthor = null, string extra = "", string referencedId = "1300000000000000001")
    {
        var text = System.Text.Json.JsonSerializer.Serialize(mention ? $"<@{FakeDiscordServer.BotId}> {content}" : content);
        var mentions = mention ? $$"""[{"id":"{{FakeDiscordServer.BotId}}","username":"kzbot","bot":true}]""" : "[]";
        var guild = dm ? "" : $"\"guild_id\":\"{Guild}\",\"member\":{{\"roles\":[]}},";
        var reference = referencedAuthor is null ? "" :
            $$$""","type":19,"message_reference":{"message_id":"{{{referencedId}}}","channel_id":"{{{channel}}}"},"referenced_message":{"id":"{{{referencedId}}}","channel_id":"{{{channel}}}","type":0,"content":"earlier","author":{"id":"{{{referencedAuthor}}}","username":"x"}}""";
        var type = referencedAuthor is null ? ",\"type\":0" : "";
        return $$"""{"id":"{{id}}","channel_id":"{{channel}}",{{guild}}"author":{"id":"{{author}}","username":"maria","global_name":"Maria"{{(authorIsBot ? ",\"bot\":true" : "")}}},"content":{{text}},"mentions":{{mentions}},"mention_roles":[],"mention_everyone":false,"attachments":[],"embeds":[],"tts":false,"pinned":false,"flags":0{{type}}{{reference}}{{extra}}}""";
    }

    /// <summary>Advances fake time in steps until <paramref name="task"/> completes (the client registers its timers on its own schedule).</summary>
    public async Task<T> AdvanceUntilAsync<T>(Task<T> task, TimeSpan step, TimeSpan? maxFakeTime = null)
    {
        var clock = Clock ?? throw new InvalidOperationException("fake time is off");
        var start = clock.GetUtcNow();
        var real = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (clock.GetUtcNow() - start > (maxFakeTime ?? TimeSpan.FromMinutes(5)) || real.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException("The awaited event did not happen while time advanced.");
            }

            clock.Advance(step);
            await Task.WhenAny(task, Task.Delay(10));
        }

        return await task;
    }

    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _host.StopAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _host.Dispose();
        if (_ownsServer)
        {
            await Server.DisposeAsync();
        }

        TestWorkspace.Delete(_root);
    }
}
