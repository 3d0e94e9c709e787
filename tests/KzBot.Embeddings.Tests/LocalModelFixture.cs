using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace KzBot.Embeddings.Tests;

/// <summary>One local model per test class: loading it takes ~2 s, which every test would otherwise pay.</summary>
public sealed class LocalModelFixture : IDisposable
{
    public IEmbeddingGenerator<string, Embedding<float>> Model { get; } =
        new LocalEmbeddingGenerator(Microsoft.Extensions.Options.Options.Create(new EmbeddingOptions()), NullLogger<LocalEmbeddingGenerator>.Instance);

    public void Dispose() => Model.Dispose();
}
