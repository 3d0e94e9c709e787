using Microsoft.Extensions.AI;

namespace KzBot.Embeddings;

internal static class EmbeddingGeneratorExtensions
{
    /// <summary>The model name vectors are stored under: vectors of different models never mix.</summary>
    public static string ModelId(this IEmbeddingGenerator<string, Embedding<float>> generator) =>
        generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? throw new InvalidOperationException("The embedding generator does not name its model.");
}
