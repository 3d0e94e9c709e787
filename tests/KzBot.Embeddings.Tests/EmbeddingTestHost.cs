using KzBot.Core.Chat;
using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace KzBot.Embeddings.Tests;

/// <summary>KzBot's real host over a temporary copy of the seed article, with the embedding mode and generator chosen by the test.</summary>
public sealed class EmbeddingTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddingTestHost(IHost host, string root)
    {
        _host = host;
        Root = root;
    }

    public string Root { get; }

    public string SourceDir => Path.Combine(Root, "sources");

    public IServiceProvider Services => _host.Services;

    public IKnowledgeStore Store => Services.GetRequiredService<IKnowledgeStore>();

    public static EmbeddingTestHost Create(string mode, IEmbeddingGenerator<string, Embedding<float>>? generator = null, Dictionary<string, string?>? settings = null)
    {
        // A shared generator is reused across hosts so the model loads once per test class, not once per test.
        var (host, root) = TestHostBuilder.Build(
            "kzbot-emb-test-",
            settings: settings,
            services: generator is null ? null : s => s.Replace(ServiceDescriptor.Singleton(generator)),
            embeddings: mode);
        return new EmbeddingTestHost(host, root);
    }

    public Task StartAsync() => _host.StartAsync(CancellationToken.None);

    public Task<IndexReport> ReloadAsync() => Services.GetRequiredService<DataIngestor>().ReloadAsync(CancellationToken.None);

    public async Task<EngineReply> AskAsync(string question)
    {
        await ReloadAsync();
        return await Services.GetRequiredService<ChatEngine>().HandleAsync(
            new IncomingMessage { Platform = "test", ChatId = "c1", UserId = "u1", Text = question, IsDirect = true },
            CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable d)
        {
            await d.DisposeAsync();
        }

        TestWorkspace.Delete(Root);
    }
}
