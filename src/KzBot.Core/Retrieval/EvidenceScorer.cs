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

    // A word in at least this share of the passages (of a corpus of at least TopicMinPassages) and in a title names what the
    // corpus is about: "Kazakhstan" in an article about Kazakhstan. It shows a question is on topic, but is no
    // evidence of an answer. In a mixed corpus no word is that widespread, and IDF does the weighing alone.
    private const double TopicShare = 0.75;
    private const int TopicMinPassages = 3;

    // At most this many related words per question word, strongest relations first; more only add noise.
    private const int MaxAlternatives = 8;

    /// <summary>
    /// The query's words with their weights, topic marks and related words. <paramref name="related"/> holds each
    /// word's candidate related words; only those the sources contain (in <paramref name="stats"/>) are kept.
    /// </summary>
    public static List<WeightedTerm> Weigh(
        IReadOnlyList<string> words,
        TermStatistics stats,
        IReadOnlyCollection<string> topicHint,
        IReadOnlyDictionary<string, IReadOnlyList<(string Word, Relation Relation)>>? related = null)
    {
        var n = Math.Max(1, stats.ChunkCount);
        var hint = topicHint as ISet<string> ?? new HashSet<string>(topicHint, StringComparer.OrdinalIgnoreCase);
        var terms = new List<WeightedTerm>(words.Count);
        foreach (var w in words)
        {
            var df = Lexicon.Default.Forms(w).Max(f => stats.DocumentFrequency.GetValueOrDefault(f));
            var idf = df == 0 ? UnseenWeightFactor * Idf(n, 1) : Idf(n, df);
            var isTopic = IsTopic(w, df, stats, hint);
            if (isTopic)
            {
                idf *= TopicWeightFactor;
            }

            var stem = Terms.Stem(w);
            var alternatives = (related?.GetValueOrDefault(w) ?? [])
                .Where(r => stats.DocumentFrequency.GetValueOrDefault(r.Word) > 0 && Terms.Stem(r.Word) != stem)
                .DistinctBy(r => Terms.Stem(r.Word))
                .Take(MaxAlternatives)
                .Select(r => new Alternative(r.Word, Terms.Stem(r.Word), Lexicon.Factor(r.Relation)))
                .ToList();
            terms.Add(new WeightedTerm(w, stem, Math.Max(idf, 0.01), df > 0, isTopic, alternatives.Count > 0 ? alternatives : null));
        }

        return terms;
    }

    /// <summary>Whether <paramref name="word"/>, found in <paramref name="df"/> passages, names what the corpus is about (or is configured to).</summary>
    public static bool IsTopic(string word, long df, TermStatistics stats, ISet<string> topicHint) =>
        topicHint.Contains(word) || (stats.ChunkCount >= TopicMinPassages && df >= TopicShare * stats.ChunkCount && InATitle(word, stats));

    // A topic word is also in some document's title: "January" may be in most passages of a small corpus
    // without being what it is about.
    private static bool InATitle(string word, TermStatistics stats) =>
        stats.TitleFrequency is null || stats.TitleFrequency.GetValueOrDefault(word) > 0;

    private static double Idf(long n, long df) => Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));

    /// <summary>Share (0..1) of the terms' weight present in <paramref name="stems"/>.</summary>
    public static double Coverage(IReadOnlyCollection<string> stems, IReadOnlyList<WeightedTerm> terms)
    {
        double total = 0, matched = 0;
        foreach (var t in terms)
        {
            total += t.Weight;
            matched += t.Weight * t.Match(stems);
        }

        return total == 0 ? 0 : matched / total;
    }

    /// <summary>The best single-sentence or adjacent-pair coverage within a passage.</summary>
    public static double PassageEvidence(string text, IReadOnlyList<WeightedTerm> terms) => BestSpan(text, terms).Coverage;

    /// <summary>The sentence (or adjacent pair) of a passage that covers most of the query, with the stems it holds.</summary>
    public static (double Coverage, HashSet<string> Stems, string Text) BestSpan(string text, IReadOnlyList<WeightedTerm> terms)
    {
        var sentences = SentenceSplitter.Split(text);
        var stems = sentences.Select(s => Terms.Stems(text.Substring(s.Start, s.Length))).ToList();
        (double Coverage, HashSet<string> Stems, string Text) best = (0, [], "");
        for (var i = 0; i < stems.Count; i++)
        {
            var single = Coverage(stems[i], terms);
            if (single > best.Coverage)
            {
                best = (single, stems[i], text.Substring(sentences[i].Start, sentences[i].Length));
            }

            if (i + 1 < stems.Count)
            {
                var pair = new HashSet<string>(stems[i], StringComparer.Ordinal);
                pair.UnionWith(stems[i + 1]);
                var paired = PairPenalty * Coverage(pair, terms);
                if (paired > best.Coverage)
                {
                    best = (paired, pair, text[sentences[i].Start..(sentences[i + 1].Start + sentences[i + 1].Length)]);
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
    /// two words" answered ten off-topic questions from unrelated articles.) A related word counts for its word,
    /// but one of the question's own words must be there too: expansions alone never pass.
    /// </summary>
    public static bool CoversDistinctiveWords(IReadOnlyCollection<string> stems, IReadOnlyList<WeightedTerm> terms)
    {
        // A word no source contains ("came", "position") cannot be in any sentence; its weight already lowers the
        // coverage. Names the sources never mention are caught by AnswerFit instead.
        var nonTopic = terms.Where(t => !t.IsTopic && (t.InSources || t.Alternatives is not null)).ToList();
        if (nonTopic.Count == 0)
        {
            return true;
        }

        if (!nonTopic.Any(t => stems.Contains(t.Stem)))
        {
            return false;
        }

        var matched = nonTopic.Count(t => t.Match(stems) > 0);
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
        return inSources.Any(t => t.Weight >= rarest - 1e-9 && t.Match(stems) > 0);
    }

    /// <summary>
    /// True when the question names none of the topic's words, or the passage mentions one of those it names
    /// ("Kazakhstan" also finds "Kazakh", "Russia" finds "Russian"). A passage that never mentions Kazakhstan
    /// cannot say what Kazakhstan's GDP is, however well it covers "GDP".
    /// </summary>
    public static bool MentionsQuestionTopic(string text, IReadOnlyList<WeightedTerm> terms)
    {
        var topic = terms.Where(t => t.IsTopic).Select(t => t.Word).ToList();
        return topic.Count == 0 || MentionsAny(text, topic);
    }

    /// <summary>Whether the text has a word of the same family as one of <paramref name="words"/> (same first five letters: "Kazakhs" finds "Kazakhstan").</summary>
    public static bool MentionsAny(string text, IEnumerable<string> words)
    {
        var prefixes = words.Select(w => w[..Math.Min(5, w.Length)]).Distinct(StringComparer.Ordinal).ToList();
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
