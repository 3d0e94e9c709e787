namespace KzBot.Core.Telemetry;

/// <summary>How many passages still wait for vectors, reported as <c>kzbot.embedding.backlog</c>.</summary>
public sealed record EmbeddingBacklogSource(Func<long> Missing);
