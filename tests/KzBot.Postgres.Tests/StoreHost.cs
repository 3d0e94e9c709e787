using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Postgres.Tests;

/// <summary>KzBot's real host on one storage engine over a fresh workspace (the seed documents unless the test writes its own).</summary>
public sealed class StoreHost : IAsyncDisposable
{
    private readonly string _root;

    private StoreHost(IHost host, string root)
    {
        Host = host;
        _root = root;
    }

    public IHost Host { get; }

    public ICorpusStore Corpus => Host.Services.GetRequiredService<ICorpusStore>();

    public IVectorStore Vectors => Host.Services.GetRequiredService<IVectorStore>();

    public IConversationLog Log => Host.Services.GetRequiredService<IConversationLog>();

    public DataIngestor Ingestor => Host.Services.GetRequiredService<DataIngestor>();

    /// <param name="connectionString">A PostgreSQL database, or null for the default SQLite file.</param>
    public static StoreHost Create(string? connectionString, Action<string>? writeSources = null, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []);
        if (connectionString is not null)
        {
            all["Storage:Provider"] = "Postgres";
            all["Storage:ConnectionString"] = connectionString;
        }

        var (host, root) = TestHostBuilder.Build("kzbot-store-", writeSources, all);
        return new StoreHost(host, root);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        TestWorkspace.Delete(_root);
    }
}
