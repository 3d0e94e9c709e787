using KzBot.Core.Chat;
using KzBot.Core.Ingestion;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings.Tests;

/// <summary>KzBot's real host over a temporary copy of the seed article, with the embedding mode and generator chosen by the test.</summary>
public sealed class EmbeddingTestHost : WorkspaceHost
{
    private EmbeddingTestHost(IHost host, string root)
        : base(host, root)
    {
    }

    public EmbeddingBackfill Backfill => Services.GetRequiredService<EmbeddingBackfill>();

    public VectorIndex Vectors => Services.GetRequiredService<VectorIndex>();

    public static EmbeddingTestHost Create(string mode, IEmbeddingGenerator<string, Embedding<float>>? generator = null, Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        // A shared generator is reused across hosts so the model loads once per test class, not once per test.
        var (host, root) = TestHostBuilder.Build(
            "kzbot-emb-test-",
            settings: settings,
            services: s =>
            {
                if (generator is not null)
                {
                    s.Replace(ServiceDescriptor.Singleton(generator));
                }

                if (time is not null)
                {
                    s.Replace(ServiceDescriptor.Singleton(time));
                }
            },
            embeddings: mode);
        return new EmbeddingTestHost(host, root);
    }

    public Task StartAsync() => Host.StartAsync(CancellationToken.None);

    /// <summary>Reloads the sources and, unless embeddings are off, waits for the background embedding pass it starts.</summary>
    public async Task<IndexReport> ReloadAsync()
    {
        var report = await ReloadOnlyAsync();
        if (Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value.Embeddings != EmbeddingMode.None)
        {
            await Backfill.WhenSettledAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        }

        return report;
    }

    /// <summary>Reloads the sources without waiting for their vectors, as a process answering at once does.</summary>
    public Task<IndexReport> ReloadOnlyAsync() => Ingestor.ReloadAsync(CancellationToken.None);

    /// <summary>The next background status that satisfies <paramref name="match"/> (call before causing it).</summary>
    public Task<EmbeddingStatus> NextStatusAsync(Func<EmbeddingStatus, bool> match)
    {
        var seen = new TaskCompletionSource<EmbeddingStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatus(EmbeddingStatus status)
        {
            if (match(status) && seen.TrySetResult(status))
            {
                Backfill.StatusChanged -= OnStatus;
            }
        }

        Backfill.StatusChanged += OnStatus;
        return seen.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public async Task<EngineReply> AskAsync(string question)
    {
        await ReloadAsync();
        return await SayAsync(question);
    }
}
