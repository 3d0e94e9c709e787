using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Embeddings.Tests;

/// <summary>A bot that starts has its model and vector index ready before the first question that needs them.</summary>
public class EmbeddingWarmupTests
{
    [Fact]
    public async Task Starting_the_host_loads_and_runs_the_model_and_loads_the_vector_index_in_the_background()
    {
        var (root, _) = TestWorkspace.Create("kzbot-warmup-test-");
        try
        {
            var store = new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(root, "kzbot.db") };
            await using (var indexing = EmbeddingTestHost.Create("Local", settings: store))
            {
                await indexing.ReloadAsync();
            }

            // The restarted bot finds the store indexed and does not check the sources, so only the warm-up
            // can load the model.
            await using var host = EmbeddingTestHost.Create("Local", settings: new(store) { ["Sources:IndexOnStart"] = "false" });
            var model = host.Services.GetRequiredService<LocalEmbeddingGenerator>();
            var index = host.Services.GetRequiredService<VectorIndex>();
            Assert.False(model.IsLoaded);

            await host.StartAsync();
            await host.Services.GetServices<IHostedService>().OfType<EmbeddingWarmupService>().Single().ExecuteTask!;

            Assert.True(model.IsLoaded);
            Assert.True(index.IsLoaded);
            Assert.True((await index.GetAsync(CancellationToken.None)).Count > 0);
        }
        finally
        {
            TestWorkspace.Delete(root);
        }
    }
}
