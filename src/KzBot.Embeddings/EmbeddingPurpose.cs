using Microsoft.Extensions.AI;

namespace KzBot.Embeddings;

/// <summary>
/// Marks an embedding call as embedding a question rather than source text. Retrieval-tuned models embed the
/// two differently (the local model wants an instruction before questions and nothing before passages);
/// generators that make no such difference ignore the mark.
/// </summary>
public static class EmbeddingPurpose
{
    private const string Key = "kzbot.purpose";
    private const string QueryValue = "query";

    /// <summary>Options for embedding questions (a new instance each call: the options object is mutable).</summary>
    public static EmbeddingGenerationOptions Query() => new() { AdditionalProperties = new() { [Key] = QueryValue } };

    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } p && p.TryGetValue(Key, out var v) && v as string == QueryValue;
}
