namespace KzBot.Core.Retrieval;

/// <summary>A chunk found by retrieval, with everything a citation needs.</summary>
/// <param name="ChunkId">Stable chunk id.</param>
/// <param name="DocumentId">Id of the document the chunk belongs to.</param>
/// <param name="Title">Document title.</param>
/// <param name="Source">Human-readable location: path plus paragraph or page.</param>
/// <param name="Text">The chunk text, an exact substring of the document text at [<paramref name="Start"/>, <paramref name="End"/>).</param>
/// <param name="Start">Start offset in the document text.</param>
/// <param name="End">End offset (exclusive) in the document text.</param>
/// <param name="Score">Fused relevance score; higher is better.</param>
/// <param name="Url">The document's URL when it has one.</param>
public sealed record RetrievedPassage(
    string ChunkId,
    string DocumentId,
    string Title,
    string Source,
    string Text,
    int Start,
    int End,
    double Score,
    string? Url = null);

/// <summary>What retrieval found for one query, and whether the evidence is strong enough to answer.</summary>
/// <param name="Query">The query searched.</param>
/// <param name="Passages">Passages, best first.</param>
/// <param name="Evidence">0..1: how much of the question's meaning the best evidence covers.</param>
/// <param name="IsSufficient">False when the sources do not cover the question (the answer must be a refusal).</param>
/// <param name="Terms">The query's content words with their weights (stemmed), for sentence scoring.</param>
public sealed record RetrievalResult(string Query, IReadOnlyList<RetrievedPassage> Passages, double Evidence, bool IsSufficient, IReadOnlyList<WeightedTerm> Terms)
{
    /// <summary>The lexical evidence the decision was taken on (null when nothing was found).</summary>
    public GateFeatures? Features { get; init; }

    /// <summary>
    /// The question's own weighted words. Usually <see cref="Terms"/>; when meaning answered, <see cref="Terms"/> also
    /// holds the words of the sentence found, so the composer quotes that sentence.
    /// </summary>
    public IReadOnlyList<WeightedTerm> QuestionTerms
    {
        get => field ?? Terms;
        init;
    }

    /// <summary>True when the words did not decide but a sentence close in meaning did (<see cref="Evidence"/> is then its cosine).</summary>
    public bool AnsweredByMeaning => !ReferenceEquals(QuestionTerms, Terms);

    public static RetrievalResult Empty(string query) => new(query, [], 0, false, []);
}

/// <summary>
/// A query word: <see cref="Stem"/> matches sentence words through <see cref="Text.Terms.Stem"/>; <see cref="Weight"/> is
/// its IDF, lowered for topic words; <see cref="InSources"/> is false for a word no source contains; <see cref="IsTopic"/>
/// marks a word that names what the whole corpus is about (or a configured hint); <see cref="Alternatives"/> are
/// related words (WordNet) that stand in for it at a lower worth; <see cref="IsName"/> marks a name the answer must hold.
/// </summary>
public sealed record WeightedTerm(string Word, string Stem, double Weight, bool InSources = true, bool IsTopic = false, IReadOnlyList<Alternative>? Alternatives = null, bool IsName = false)
{
    /// <summary>What the sentence with these stems is worth for this word: 1 for the word itself, an alternative's factor, or 0.</summary>
    public double Match(IReadOnlyCollection<string> stems)
    {
        if (stems.Contains(Stem))
        {
            return 1;
        }

        var best = 0.0;
        foreach (var a in Alternatives ?? [])
        {
            if (a.Factor > best && stems.Contains(a.Stem))
            {
                best = a.Factor;
            }
        }

        return best;
    }
}

/// <summary>A word that may stand in for a query word, worth <see cref="Factor"/> (below 1) of it.</summary>
public sealed record Alternative(string Word, string Stem, double Factor);
