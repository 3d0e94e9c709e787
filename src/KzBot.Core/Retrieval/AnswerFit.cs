using System.Text.RegularExpressions;
using KzBot.Core.Text;

namespace KzBot.Core.Retrieval;

/// <summary>What kind of thing a question asks for, read from its opening words.</summary>
public enum AnswerType
{
    Any,
    Number,
    Date,
    Name,
}

/// <summary>
/// Whether a sentence can be the answer beyond sharing the question's words: a "how many" question needs a
/// number in it (counting what the question names, when it names something), a "when" question a date, a "who"
/// or "where" question a name the question does not already give; and every name the question asks about must be
/// in it ("did Uzbekistan recognise…" is not answered by a sentence about Kazakhstan recognising). Near misses
/// share most words with the question and fail exactly here.
/// </summary>
public static partial class AnswerFit
{
    // "more than 2,000 troops", "two planes", "1,500 Russian paratroopers": the number sits just before what it counts.
    private const int CountWindow = 3;

    public static AnswerType TypeOf(string question)
    {
        var q = question.TrimStart().ToLowerInvariant();
        if (HowMany().IsMatch(q))
        {
            return AnswerType.Number;
        }

        if (When().IsMatch(q))
        {
            return AnswerType.Date;
        }

        return Who().IsMatch(q) ? AnswerType.Name : AnswerType.Any;
    }

    /// <summary>
    /// Whether <paramref name="sentence"/> holds the kind of answer <paramref name="question"/> asks for and, for "how
    /// many X", a number counting X (or a word related to it) a few words before it: "how many tonnes of aid" is not
    /// answered by "two planes" of aid, nor "how many jobs" by a share price.
    /// </summary>
    public static bool Fits(string sentence, string question, IReadOnlyList<WeightedTerm> terms)
    {
        var type = TypeOf(question);
        if (!HasType(sentence, type, terms.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal)))
        {
            return false;
        }

        var counted = type == AnswerType.Number ? Counted(question, terms) : [];
        return counted.Count == 0 || Counts(sentence, counted);
    }

    // The question's words right after "how many", up to the first small word: "how many russian troops came to…"
    // counts russian, troops, came. "How many were killed" names nothing, and "how much" asks for an amount.
    private static List<WeightedTerm> Counted(string question, IReadOnlyList<WeightedTerm> terms)
    {
        var match = HowManyThings().Match(question.TrimStart().ToLowerInvariant());
        if (!match.Success)
        {
            return [];
        }

        var rest = match.Groups["rest"].Value;
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (start, length) in Terms.Tokens(rest))
        {
            var word = rest.Substring(start, length);
            if (Terms.IsStopWord(word))
            {
                break;
            }

            words.Add(word);
        }

        return terms.Where(t => words.Contains(t.Word)).ToList();
    }

    private static bool Counts(string sentence, List<WeightedTerm> counted)
    {
        var tokens = Terms.Tokens(sentence).Select(t => sentence.Substring(t.Start, t.Length)).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            string[] stem = [Terms.Stem(tokens[i].ToLowerInvariant())];
            if (counted.Any(t => t.Match(stem) > 0)
                && tokens.Skip(Math.Max(0, i - CountWindow)).Take(Math.Min(i, CountWindow)).Any(w => NumberLike().IsMatch(w)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="sentence"/> holds the kind of thing <paramref name="type"/> asks for.</summary>
    public static bool HasType(string sentence, AnswerType type, IReadOnlyCollection<string> questionStems) => type switch
    {
        AnswerType.Number => NumberLike().IsMatch(sentence),
        AnswerType.Date => DateLike().IsMatch(sentence),
        AnswerType.Name => NamesIn(sentence).Any(n => !questionStems.Contains(Terms.Stem(n.ToLowerInvariant()))),
        _ => true,
    };

    /// <summary>
    /// Marks the question's words that are names: written capitalised inside sentences of <paramref name="texts"/>
    /// more often than not ("Tokayev"; not "union"), or only ever capitalised, even if only at the start of
    /// sentences ("Uzbekistan and Kazakhstan have both sent…"), or known neither to the sources nor to the
    /// dictionary (a name the sources never mention). A sentence must hold every name the question asks about.
    /// </summary>
    public static List<WeightedTerm> MarkNames(IReadOnlyList<WeightedTerm> terms, IEnumerable<string> texts)
    {
        var capitalised = new Dictionary<string, int>(StringComparer.Ordinal);
        var lower = new Dictionary<string, int>(StringComparer.Ordinal);
        var sentenceStart = new Dictionary<string, int>(StringComparer.Ordinal);
        var wanted = terms.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var n in NamesIn(text))
            {
                var stem = Terms.Stem(n.ToLowerInvariant());
                if (wanted.Contains(stem))
                {
                    capitalised[stem] = capitalised.GetValueOrDefault(stem) + 1;
                }
            }

            foreach (var (start, length) in Terms.Tokens(text))
            {
                var stem = Terms.Stem(text.Substring(start, length).ToLowerInvariant());
                if (wanted.Contains(stem))
                {
                    var counts = char.IsLower(text[start]) ? lower : sentenceStart;
                    counts[stem] = counts.GetValueOrDefault(stem) + 1;
                }
            }
        }

        return terms.Select(t => t with
        {
            IsName = !t.IsTopic && (capitalised.GetValueOrDefault(t.Stem) > lower.GetValueOrDefault(t.Stem)
                || (lower.GetValueOrDefault(t.Stem) == 0 && sentenceStart.GetValueOrDefault(t.Stem) > 0)
                || (!t.InSources && t.Alternatives is null && !Lexicon.Default.IsEnglishWord(t.Word) && !t.Word.All(char.IsDigit))),
        }).ToList();
    }

    // Capitalised words that do not start a sentence: "Tokayev", "Katowice", "Union".
    private static IEnumerable<string> NamesIn(string text)
    {
        foreach (Match m in MidSentenceCapital().Matches(text))
        {
            var word = m.Groups["w"].Value;
            if (!Terms.IsStopWord(word.ToLowerInvariant()))
            {
                yield return word;
            }
        }
    }

    [GeneratedRegex(@"^(how (many|much)|what (number|amount|percentage|share|price)|how (big|large|high|low|long)\b)")]
    private static partial Regex HowMany();

    [GeneratedRegex(@"^how many\s+(?<rest>.*)$")]
    private static partial Regex HowManyThings();

    [GeneratedRegex(@"^(when|what (date|day|year|month|time)|on what (date|day)|in what (year|month)|which (date|day|year|month))\b")]
    private static partial Regex When();

    // A name the question does not give answers who, and where too: places are named ("Katowice", "Almaty").
    [GeneratedRegex(@"^(who|whom|whose|where|which (person|official|minister|leader|company|firm|airline|country|countries|people|city|town|place|region))\b")]
    private static partial Regex Who();

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|quarter|third|double|twice|several)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberLike();

    [GeneratedRegex(@"\b(1[89]|20)\d\d\b|\b(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow|week|month|year|spring|summer|autumn|winter|eve)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateLike();

    [GeneratedRegex(@"(?<=[\p{Ll}\d,;:)\u2019'""]\s+)(?<w>\p{Lu}[\p{L}\-]+)")]
    private static partial Regex MidSentenceCapital();
}
