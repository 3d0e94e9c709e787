using KzBot.Core.Chat;
using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Core.Tests;

/// <summary>KzBot's real host over a temporary source folder and a temporary SQLite file.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TestHost(IHost host, string root)
    {
        _host = host;
        Root = root;
    }

    public string Root { get; }

    public string SourceDir => Path.Combine(Root, "sources");

    public IServiceProvider Services => _host.Services;

    public ChatEngine Engine => Services.GetRequiredService<ChatEngine>();

    public DataIngestor Ingestor => Services.GetRequiredService<DataIngestor>();

    public IKnowledgeStore Store => Services.GetRequiredService<IKnowledgeStore>();

    public static TestHost Create(Action<string>? writeSources = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var (host, root) = TestHostBuilder.Build("kzbot-test-", writeSources, settings, services);
        return new TestHost(host, root);
    }

    /// <summary>A second host on the same store and folders: a restart.</summary>
    public static TestHost Reopen(string root)
    {
        var builder = KzBotHost.CreateBuilder([], TestWorkspace.HostSettings(root, Path.Combine(root, "sources")), quiet: true);
        return new TestHost(builder.Build(), root);
    }

    public Task<IndexReport> ReloadAsync() => Ingestor.ReloadAsync(CancellationToken.None);

    public Task<EngineReply> SayAsync(string text, bool isAdmin = false, bool direct = true, string user = "u1", string platform = "test") =>
        Engine.HandleAsync(
            new IncomingMessage { Platform = platform, ChatId = "c1", UserId = user, Text = text, IsAdmin = isAdmin, IsDirect = direct },
            CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable d)
        {
            await d.DisposeAsync();
        }

        TestWorkspace.Delete(Root);
    }
}
