using System.Text.RegularExpressions;
using KzBot.Core.Text;

namespace KzBot.Core.Retrieval;

/// <summary>
/// Acronyms people type for names the sources spell out: "oft" for "Office of Fair Trading". A question word no
/// source contains and no dictionary knows is matched against the initials of the capitalised names in the
/// passages found for the question's other words, and the name's words then stand in for it.
/// </summary>
public static partial class CorpusAcronyms
{
    private const int MinLength = 2;
    private const int MaxLength = 6;

    // Below the word itself, as every related word is: the initials could belong to another name.
    private const double Factor = 0.8;

    public static List<WeightedTerm> Expand(IReadOnlyList<WeightedTerm> terms, IEnumerable<string> texts)
    {
        var wanted = terms.Where(IsCandidate).Select(t => t.Word).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return terms.ToList();
        }

        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (Match m in Name().Matches(text))
            {
                var words = m.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var capitals = words.Where(w => char.IsUpper(w[0])).ToList();
                foreach (var initials in new[] { Initials(capitals), Initials(words) })
                {
                    if (wanted.Contains(initials) && !found.ContainsKey(initials))
                    {
                        found[initials] = capitals.Select(w => w.ToLowerInvariant()).ToList();
                    }
                }
            }
        }

        return terms.Select(t => found.TryGetValue(t.Word, out var words)
            ? t with { Alternatives = words.Where(w => !Terms.IsStopWord(w)).Select(w => new Alternative(w, Terms.Stem(w), Factor)).DistinctBy(a => a.Stem).ToList() }
            : t).ToList();
    }

    private static bool IsCandidate(WeightedTerm t) =>
        !t.InSources && t.Alternatives is null && t.Word.Length is >= MinLength and <= MaxLength
        && t.Word.All(char.IsAsciiLetterLower) && !Lexicon.Default.IsEnglishWord(t.Word);

    private static string Initials(IEnumerable<string> words) => string.Concat(words.Select(w => char.ToLowerInvariant(w[0])));

    // Two or more capitalised words in a row, with "of", "and", "for" or "the" allowed between them.
    [GeneratedRegex(@"\p{Lu}\p{L}+(?: (?:(?:of|and|for|the) )?\p{Lu}\p{L}+)+")]
    private static partial Regex Name();
}
