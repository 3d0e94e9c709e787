using KzBot.Core.Storage;
using KzBot.Core.Text;

namespace KzBot.Core.Retrieval;

/// <summary>
/// Typos in chat questions ("kazakstan", "sanctons", "donbass"): a word that no source contains and no dictionary
/// knows is read as the indexed word with the same first letter one edit away (two for words of eight letters or
/// more), the most frequent on a tie. The index holds stems, not the words as written: the typo is also compared as
/// the index's own tokenizer stems it ("goverments" → "gover", one edit from "govern"), and with one or two of its last
/// letters dropped at half an edit each, since a stem lacks the ending of the word written in the sources ("donbass"
/// is two edits from "donba", the stem of "Donbas", but one from "Donbas" itself).
/// </summary>
public sealed class SpellingCorrector(ICorpusStore store, FtsTokenizer tokenizer)
{
    private const int MinLength = 4;
    private const int LongWord = 8;
    private const int MaxDroppedEnding = 2;
    private const double DroppedLetterCost = 0.5;

    /// <summary><paramref name="words"/> with each word the sources never use replaced by the indexed term it probably meant.</summary>
    public async Task<List<string>> CorrectAsync(IReadOnlyList<string> words, TermStatistics statistics, CancellationToken cancellationToken)
    {
        var unknown = words.Where(w => statistics.DocumentFrequency.GetValueOrDefault(w) == 0 && IsCandidate(w)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return words.ToList();
        }

        var vocabulary = await store.GetVocabularyAsync(cancellationToken);
        var stems = await tokenizer.TokenizeAsync(unknown, cancellationToken);
        var corrected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < unknown.Count; i++)
        {
            if (Closest(unknown[i], stems[i].Count > 0 ? stems[i][0] : unknown[i], vocabulary) is { } term)
            {
                corrected[unknown[i]] = term;
            }
        }

        return words.Select(w => corrected.GetValueOrDefault(w, w)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The indexed term <paramref name="word"/> (whose stem in the index would be <paramref name="indexStem"/>) was
    /// probably meant to be, or null.
    /// </summary>
    public static string? Closest(string word, string indexStem, IReadOnlyList<VocabularyTerm> vocabulary)
    {
        if (!IsCandidate(word))
        {
            return null;
        }

        var max = word.Length >= LongWord ? 2 : 1;
        VocabularyTerm? best = null;
        var bestDistance = double.MaxValue;
        foreach (var v in vocabulary)
        {
            // People rarely mistype a word's first letter; checking it first keeps this scan cheap on a large vocabulary.
            if (v.Term.Length == 0 || v.Term[0] != word[0] || Math.Abs(v.Term.Length - word.Length) > max + 2 || !v.Term.All(char.IsAsciiLetterLower))
            {
                continue;
            }

            var d = Math.Min(Terms.EditDistance.Distance(word, v.Term), Terms.EditDistance.Distance(indexStem, v.Term));
            for (var dropped = 1; dropped <= MaxDroppedEnding && word.Length - dropped > v.Term.Length - max; dropped++)
            {
                d = Math.Min(d, Terms.EditDistance.Distance(word[..^dropped], v.Term) + (DroppedLetterCost * dropped));
            }

            if (d <= max && (d < bestDistance || (d == bestDistance && v.Chunks > best!.Chunks)))
            {
                best = v;
                bestDistance = d;
            }
        }

        return best?.Term;
    }

    private static bool IsCandidate(string word) =>
        word.Length >= MinLength && word.All(char.IsAsciiLetterLower) && !Lexicon.Default.IsEnglishWord(word);
}
