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
        var (root, sources) = TestWorkspace.Create("kzbot-emb-test-");
        TestWorkspace.CopySeeds(sources);

        var overrides = TestWorkspace.HostSettings(root, sources, mode);
        foreach (var (k, v) in settings ?? [])
        {
            overrides[k] = v;
        }

        var builder = KzBotHost.CreateBuilder([], overrides, quiet: true);
        if (generator is not null)
        {
            // Shared across hosts so the model loads once per test class, not once per test.
            builder.Services.Replace(ServiceDescriptor.Singleton(generator));
        }

        return new EmbeddingTestHost(builder.Build(), root);
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
