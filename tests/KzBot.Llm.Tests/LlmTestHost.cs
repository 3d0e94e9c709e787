using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Llm.Tests;

/// <summary>KzBot's real host with <c>Answering:Composer=Llm</c> pointed at a <see cref="FakeOpenAi"/>, over the seed source, with fake time and captured logs.</summary>
public sealed class LlmTestHost : IAsyncDisposable
{
    public const string ApiKey = "sk-test-0123456789-SECRET";

    private readonly IHost _host;
    private readonly CapturedLogs _logs;

    private LlmTestHost(IHost host, string root, FakeTimeProvider time, CapturedLogs logs)
    {
        _host = host;
        Root = root;
        Time = time;
        _logs = logs;
    }

    public string Root { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Every log line at every level, formatted with its exception.</summary>
    public IReadOnlyList<string> Logs => _logs.Lines;

    public IServiceProvider Services => _host.Services;

    public ChatEngine Engine => Services.GetRequiredService<ChatEngine>();

    public ICorpusStore Corpus => Services.GetRequiredService<ICorpusStore>();

    public IVectorStore VectorStore => Services.GetRequiredService<IVectorStore>();

    public IConversationLog Log => Services.GetRequiredService<IConversationLog>();

    public IHost Host => _host;

    /// <param name="root">Reuse a folder (and its SQLite file) from an earlier host, to test a restart.</param>
    public static async Task<LlmTestHost> StartAsync(
        Uri endpoint,
        Dictionary<string, string?>? settings = null,
        Action<string>? writeSources = null,
        string? root = null,
        bool index = true)
    {
        string sources;
        if (root is null)
        {
            (root, sources) = TestWorkspace.Create("kzbot-llm-test-");
            TestWorkspace.CopySeeds(sources);
            writeSources?.Invoke(sources);
        }
        else
        {
            sources = Path.Combine(root, "sources");
        }

        var overrides = new Dictionary<string, string?>(TestWorkspace.HostSettings(root, sources))
        {
            ["Answering:Composer"] = "Llm",
            ["Llm:Endpoint"] = endpoint.ToString(),
            ["Llm:Model"] = "fake-model",
            ["Llm:ApiKey"] = ApiKey,
            ["Llm:RetryDelay"] = "00:00:00",
            ["Llm:Timeout"] = "00:00:10",
        };
        foreach (var (k, v) in settings ?? [])
        {
            overrides[k] = v;
        }

        var builder = KzBotHost.CreateBuilder([], overrides, quiet: true);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));

        // Everything is logged, so a test can look for secrets in what a real deployment could print.
        var logs = new CapturedLogs();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:System"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
            ["Logging:LogLevel:Polly"] = "Trace",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);

        var host = builder.Build();
        var testHost = new LlmTestHost(host, root, time, logs);
        if (index)
        {
            await testHost.Corpus.InitializeAsync(CancellationToken.None);
            await host.Services.GetRequiredService<Core.Ingestion.DataIngestor>().ReloadAsync(CancellationToken.None);
        }

        return testHost;
    }

    public async Task<Answer> AskAsync(string text, string chat = "c1", string? replyTo = null)
    {
        var reply = await Engine.HandleAsync(
            new IncomingMessage { Platform = "test", ChatId = chat, UserId = "u1", Text = text, IsDirect = true, ReplyToAnswerId = replyTo },
            CancellationToken.None);
        Assert.Equal(ReplyKind.Answer, reply.Kind);
        return reply.Answer!;
    }

    public async Task<string> DocumentTextAsync(Citation c) => (await Corpus.GetDocumentTextAsync(c.DocumentId, CancellationToken.None))!;

    /// <summary>Disposes the host but keeps the folder, so a new host can open the same SQLite file.</summary>
    public async Task StopKeepingDataAsync()
    {
        _host.Dispose();
        await Task.CompletedTask;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await StopKeepingDataAsync();
        TestWorkspace.Delete(Root);
    }
}
