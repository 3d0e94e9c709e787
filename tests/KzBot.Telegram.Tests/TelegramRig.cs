using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KzBot.Telegram.Tests;

/// <summary>KzBot's real host, with the Telegram bot enabled, talking to a <see cref="FakeBotApi"/> over loopback.</summary>
public sealed class TelegramRig : IAsyncDisposable
{
    public const long AdminId = 999;
    public const long GroupId = -1001234567890;

    private readonly bool _ownsApi;

    private TelegramRig(FakeBotApi api, bool ownsApi, IHost host, string root, CapturedLogs logs)
    {
        Api = api;
        _ownsApi = ownsApi;
        Host = host;
        Root = root;
        Logs = logs;
    }

    public FakeBotApi Api { get; }

    public IHost Host { get; }

    public string Root { get; }

    public CapturedLogs Logs { get; }

    public ICorpusStore Corpus => Host.Services.GetRequiredService<ICorpusStore>();

    public IVectorStore VectorStore => Host.Services.GetRequiredService<IVectorStore>();

    public IConversationLog Log => Host.Services.GetRequiredService<IConversationLog>();

    /// <param name="settings">Overrides on top of the test defaults (rate limits off, short retry delays, admin 999).</param>
    /// <param name="services">Last-minute service replacements (a fake clock, a slow composer).</param>
    /// <param name="beforeStart">Runs after the fake is up and before the bot starts (to script faults).</param>
    /// <param name="sharedApi">Another rig's fake, for replicas of one bot; it stays with that rig.</param>
    public static async Task<TelegramRig> StartAsync(
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        Action<FakeBotApi>? beforeStart = null,
        FakeBotApi? sharedApi = null)
    {
        var api = sharedApi ?? await FakeBotApi.StartAsync();
        beforeStart?.Invoke(api);
        var (root, sources) = TestWorkspace.Create("kzbot-tg-");
        TestWorkspace.CopySeeds(sources);
        return await StartOnAsync(root, sources, api, sharedApi is null, settings, services);
    }

    /// <summary>
    /// Stops this bot as a process would stop, and starts a new one on the same folders and store with the same
    /// fake Bot API; the new rig owns both from then on.
    /// </summary>
    public async Task<TelegramRig> RestartAsync(Dictionary<string, string?>? settings = null)
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await Host.StopAsync(stop.Token);
        }

        Host.Dispose();
        return await StartOnAsync(Root, Path.Combine(Root, "sources"), Api, _ownsApi, settings, services: null);
    }

    private static async Task<TelegramRig> StartOnAsync(
        string root,
        string sources,
        FakeBotApi api,
        bool ownsApi,
        Dictionary<string, string?>? settings,
        Action<IServiceCollection>? services)
    {
        var overrides = new Dictionary<string, string?>(TestWorkspace.HostSettings(root, sources))
        {
            ["Telegram:BotToken"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:AdminUserIds:0"] = AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Telegram:MessagesPerSecondPerChat"] = "0",
            ["Telegram:MessagesPerSecondOverall"] = "0",
            ["Telegram:RetryDelay"] = "00:00:00.020",
            ["Telegram:RetryDelayMax"] = "00:00:00.100",
        };
        foreach (var (k, v) in settings ?? [])
        {
            overrides[k] = v;
        }

        var builder = KzBotHost.CreateBuilder([], overrides, quiet: true);
        var logs = new CapturedLogs();
        builder.Logging.AddProvider(logs);

        // Everything, at every level, reaches the capture — the token test relies on seeing it all.
        builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        services?.Invoke(builder.Services);
        var rig = new TelegramRig(api, ownsApi, builder.Build(), root, logs);
        try
        {
            await rig.Host.Services.GetRequiredService<ICorpusStore>().InitializeAsync(CancellationToken.None);
            await rig.Host.Services.GetRequiredService<DataIngestor>().ReloadAsync(CancellationToken.None);
            await rig.Host.StartAsync();
            return rig;
        }
        catch
        {
            // Never started, so nothing to stop: release the fake, the database and the folder.
            rig.Host.Dispose();
            await rig.CleanUpAsync();
            throw;
        }
    }

    /// <summary>Waits until the bot has published its menu, i.e. start-up is complete.</summary>
    public Task ReadyAsync() => Api.WaitForAsync(c => c.Any(x => x.Method is "deleteWebhook" or "setWebhook"), "the bot to start");

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await Host.StopAsync(stop.Token);
        }

        Host.Dispose();
        await CleanUpAsync();
    }

    private async Task CleanUpAsync()
    {
        if (_ownsApi)
        {
            await Api.DisposeAsync();
        }

        TestWorkspace.Delete(Root);
    }
}
