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

    // A word found nowhere in the sources weighs a little less than the rarest word that is found: in a small
    // corpus most ordinary words are absent ("send", "land"), and letting each one count as maximally rare
    // would refuse answerable questions phrased in other words. Off-topic questions still fail, because none
    // of their distinctive words are found at all.
    private const double UnseenWeightFactor = 0.6;

    public static List<WeightedTerm> Weigh(IReadOnlyList<string> words, TermStatistics stats, IReadOnlyCollection<string> topicTerms)
    {
        var n = Math.Max(1, stats.ChunkCount);
        var topic = topicTerms as ISet<string> ?? new HashSet<string>(topicTerms, StringComparer.OrdinalIgnoreCase);
        var terms = new List<WeightedTerm>(words.Count);
        foreach (var w in words)
        {
            var df = stats.DocumentFrequency.GetValueOrDefault(w);
            var idf = df == 0 ? UnseenWeightFactor * Idf(n, 1) : Idf(n, df);
            if (topic.Contains(w))
            {
                idf *= TopicWeightFactor;
            }

            terms.Add(new WeightedTerm(w, Terms.Stem(w), Math.Max(idf, 0.01), df > 0));
        }

        return terms;
    }

    private static double Idf(long n, long df) => Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));

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
    public static double PassageEvidence(string text, IReadOnlyList<WeightedTerm> terms) => BestSpan(text, terms).Coverage;

    /// <summary>The sentence (or adjacent pair) of a passage that covers most of the query, with the stems it holds.</summary>
    public static (double Coverage, HashSet<string> Stems) BestSpan(string text, IReadOnlyList<WeightedTerm> terms)
    {
        var sentences = SentenceSplitter.Split(text);
        var stems = sentences.Select(s => Terms.Stems(text.Substring(s.Start, s.Length))).ToList();
        (double Coverage, HashSet<string> Stems) best = (0, []);
        for (var i = 0; i < stems.Count; i++)
        {
            var single = Coverage(stems[i], terms);
            if (single > best.Coverage)
            {
                best = (single, stems[i]);
            }

            if (i + 1 < stems.Count)
            {
                var pair = new HashSet<string>(stems[i], StringComparer.Ordinal);
                pair.UnionWith(stems[i + 1]);
                var paired = PairPenalty * Coverage(pair, terms);
                if (paired > best.Coverage)
                {
                    best = (paired, pair);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The words that carry the question beyond its topic must be there: all of them, or at least two including
    /// the question's rarest word. "Who is Tokayev's wife?" finds
    /// Tokayev but not a wife, and is refused; "How many troops did Russia send?" is answered although "send" is
    /// not in the text; "Who is the prime minister of Japan?" is refused by a passage about Britain's prime
    /// minister, because Japan is the word that mattered. (With a large corpus of other news added, "at least
    /// two words" answered ten off-topic questions from unrelated articles.)
    /// </summary>
    public static bool CoversDistinctiveWords(IReadOnlyCollection<string> stems, IReadOnlyList<WeightedTerm> terms, IReadOnlyCollection<string> topicTerms)
    {
        var nonTopic = terms.Where(t => !topicTerms.Contains(t.Word)).ToList();
        if (nonTopic.Count == 0)
        {
            return true;
        }

        var matched = nonTopic.Count(t => stems.Contains(t.Stem));
        if (matched == nonTopic.Count)
        {
            return true;
        }

        // The rarest word the sources contain at all (a word in no source cannot be found anywhere). Ties count
        // as one: in a small corpus many words occur in a single passage and are equally rare.
        var inSources = nonTopic.Where(t => t.InSources).ToList();
        if (matched < 2 || inSources.Count == 0)
        {
            return matched >= 2;
        }

        var rarest = inSources.Max(t => t.Weight);
        return inSources.Any(t => t.Weight >= rarest - 1e-9 && stems.Contains(t.Stem));
    }

    /// <summary>
    /// True when the question names none of the topic's words, or the passage mentions one of those it names
    /// ("Kazakhstan" also finds "Kazakh", "Russia" finds "Russian"). A passage that never mentions Kazakhstan
    /// cannot say what Kazakhstan's GDP is, however well it covers "GDP".
    /// </summary>
    public static bool MentionsQuestionTopic(string text, IEnumerable<string> questionWords, IReadOnlyCollection<string> topicTerms)
    {
        var prefixes = questionWords.Where(topicTerms.Contains).Select(w => w[..Math.Min(5, w.Length)]).Distinct(StringComparer.Ordinal).ToList();
        if (prefixes.Count == 0)
        {
            return true;
        }

        foreach (var (start, length) in Terms.Tokens(text))
        {
            var token = text.AsSpan(start, length);
            foreach (var p in prefixes)
            {
                // A short word is matched whole: "war" must not find "warning".
                var found = p.Length < 5
                    ? token.Equals(p, StringComparison.OrdinalIgnoreCase) || (token.Length == p.Length + 1 && token.StartsWith(p, StringComparison.OrdinalIgnoreCase) && char.ToLowerInvariant(token[^1]) == 's')
                    : token.StartsWith(p, StringComparison.OrdinalIgnoreCase);
                if (found)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
