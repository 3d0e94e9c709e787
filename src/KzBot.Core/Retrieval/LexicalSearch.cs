using KzBot.Core.Storage;

namespace KzBot.Core.Retrieval;

/// <summary>What the lexical leg found: the query's weighted terms and its candidates ranked by evidence.</summary>
public sealed record LexicalSearch(IReadOnlyList<WeightedTerm> Terms, IReadOnlyList<(StoredChunk Chunk, double Evidence, double Score)> Ranked);
