using System.Globalization;
using KzBot.Core.Storage;

namespace KzBot.Embeddings;

/// <summary>How an embedding pass ended.</summary>
public enum EmbeddingOutcome
{
    /// <summary>Every chunk text has its vectors.</summary>
    Complete,

    /// <summary>Another process holds the store's embedding lease; its vectors will appear in the store.</summary>
    HeldElsewhere,

    /// <summary>The model or endpoint failed; what is missing is retried later.</summary>
    Failed,
}

public sealed record EmbeddingPassResult(EmbeddingOutcome Outcome, int Embedded, EmbeddingCoverage Coverage, string? Reason = null, string? Holder = null);

/// <summary>Texts embedded so far in a pass out of all it has to do, the rate and the time left at that rate.</summary>
public sealed record EmbeddingProgress(int Done, int Total, double Rate, TimeSpan Elapsed, TimeSpan? Eta, bool Final)
{
    /// <summary>"2 min 5 s", "40 s", or "?" while there is no rate yet.</summary>
    public static string Duration(TimeSpan? span) => span switch
    {
        null => "?",
        { TotalHours: >= 1 } s => string.Create(CultureInfo.InvariantCulture, $"{(int)s.TotalHours} h {s.Minutes} min"),
        { TotalMinutes: >= 1 } s => string.Create(CultureInfo.InvariantCulture, $"{(int)s.TotalMinutes} min {s.Seconds} s"),
        var s => string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(s.Value.TotalSeconds):F0} s"),
    };

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Done:N0}/{Total:N0} texts ({(Total == 0 ? 100 : 100.0 * Done / Total):F0} %), {Rate:F0} texts/s, {(Final ? "took " + Duration(Elapsed) : "ETA " + Duration(Eta))}");
}

/// <summary>What the background embedding is doing, for the index command, logs and tests.</summary>
public enum EmbeddingState
{
    Idle,
    Embedding,
    WaitingForLease,
    RetryingAfterFailure,
}

/// <summary>
/// The background embedding's latest state. <see cref="Failures"/> counts consecutive failed passes; after a
/// failure <see cref="RetryIn"/> is the back-off before the next attempt.
/// </summary>
public sealed record EmbeddingStatus(
    EmbeddingState State,
    EmbeddingCoverage? Coverage = null,
    EmbeddingProgress? Progress = null,
    string? Reason = null,
    string? Holder = null,
    int Failures = 0,
    TimeSpan? RetryIn = null);
