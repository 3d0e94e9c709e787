using KzBot.Core.Storage;
using KzBot.Core.Text;

namespace KzBot.Core.Retrieval;

/// <summary>
/// Judges how well a passage answers a query: the share of the query's weighted words found in its best
/// sentence (or pair of adjacent sentences). This is what decides between answering and refusing, so a
/// passage that merely shares the topic's name with the question does not count as evidence.
/// </summary>
public static class EvidenceScorer
{
    private const double TopicWeightFactor = 0.25;
    private const double PairPenalty = 0.9;

    public static List<WeightedTerm> Weigh(IReadOnlyList<string> words, TermStatistics stats, IReadOnlyCollection<string> topicTerms)
    {
        var n = Math.Max(1, stats.ChunkCount);
        var topic = topicTerms as ISet<string> ?? new HashSet<string>(topicTerms, StringComparer.OrdinalIgnoreCase);
        var terms = new List<WeightedTerm>(words.Count);
        foreach (var w in words)
        {
            var df = stats.DocumentFrequency.GetValueOrDefault(w);
            var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
            if (topic.Contains(w))
            {
                idf *= TopicWeightFactor;
            }

            terms.Add(new WeightedTerm(w, Terms.Stem(w), Math.Max(idf, 0.01)));
        }

        return terms;
    }

    /// <summary>Share (0..1) of the terms' weight present in <paramref name="stems"/>.</summary>
    public static double Coverage(IReadOnlyCollection<string> stems, IReadOnlyList<WeightedTerm> terms)
    {
        double total = 0, matched = 0;
        foreach (var t in terms)
        {
            total += t.Weight;
            if (stems.Contains(t.Stem))
            {
                matched += t.Weight;
            }
        }

        return total == 0 ? 0 : matched / total;
    }

    /// <summary>The best single-sentence or adjacent-pair coverage within a passage.</summary>
    public static double PassageEvidence(string text, IReadOnlyList<WeightedTerm> terms)
    {
        var sentences = SentenceSplitter.Split(text);
        var stems = sentences.Select(s => Terms.Stems(text.Substring(s.Start, s.Length))).ToList();
        double best = 0;
        for (var i = 0; i < stems.Count; i++)
        {
            best = Math.Max(best, Coverage(stems[i], terms));
            if (i + 1 < stems.Count)
            {
                var pair = new HashSet<string>(stems[i], StringComparer.Ordinal);
                pair.UnionWith(stems[i + 1]);
                best = Math.Max(best, PairPenalty * Coverage(pair, terms));
            }
        }

        return best;
    }

    /// <summary>True when at least one word that is not the topic's own name is matched (or the query is only topic words).</summary>
    public static bool MatchesBeyondTopic(string text, IReadOnlyList<WeightedTerm> terms, IReadOnlyCollection<string> topicTerms)
    {
        var nonTopic = terms.Where(t => !topicTerms.Contains(t.Word)).ToList();
        if (nonTopic.Count == 0)
        {
            return true;
        }

        var stems = Terms.Stems(text);
        return nonTopic.Any(t => stems.Contains(t.Stem));
    }
}
