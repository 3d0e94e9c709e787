using F23.StringSimilarity;
using KzBot.Core.Storage;
using KzBot.Core.Text;

namespace KzBot.Core.Retrieval;

/// <summary>
/// Typos in chat questions ("kazakstan", "sanctons"): a word that no source contains and no dictionary knows is
/// read as the indexed word with the same first letter one edit away (two for words of eight letters or more), the
/// most frequent on a tie.
/// </summary>
public static class SpellingCorrector
{
    private const int MinLength = 4;
    private const int LongWord = 8;

    /// <summary>The indexed term <paramref name="word"/> was probably meant to be, or null.</summary>
    public static string? Correct(string word, IReadOnlyList<VocabularyTerm> vocabulary)
    {
        if (word.Length < MinLength || !word.All(char.IsAsciiLetterLower) || Lexicon.Default.IsEnglishWord(word))
        {
            return null;
        }

        var damerau = new Damerau();
        var stem = Terms.Stem(word);
        var max = word.Length >= LongWord ? 2 : 1;
        VocabularyTerm? best = null;
        var bestDistance = double.MaxValue;
        foreach (var v in vocabulary)
        {
            // People rarely mistype a word's first letter; checking it first keeps this scan cheap on a large vocabulary.
            if (v.Term.Length == 0 || v.Term[0] != word[0] || Math.Abs(v.Term.Length - word.Length) > max + 1 || !v.Term.All(char.IsAsciiLetterLower))
            {
                continue;
            }

            var d = Math.Min(damerau.Distance(word, v.Term), damerau.Distance(stem, v.Term));
            if (d <= max && (d < bestDistance || (d == bestDistance && v.Chunks > best!.Chunks)))
            {
                best = v;
                bestDistance = d;
            }
        }

        return best?.Term;
    }
}
