using System.Text;
using F23.StringSimilarity;

namespace KzBot.Core.Text;

/// <summary>Word tokens, stop words and a light English stemmer, shared by query building and sentence scoring.</summary>
public static class Terms
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
        "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
        "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some",
        "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "s", "t",
        "tell", "know", "explain", "describe", "please", "say", "said", "says", "does", "happen", "happened", "give",
        "me", "us", "any", "many", "much", "way", "ways", "kind", "thing", "things", "there", "get", "got", "let",
        "want", "like", "really", "ever", "yes", "hi", "hello", "thanks", "thank", "mean", "means", "anything", "write",
    };

    /// <summary>Damerau edit distance (a transposition counts as one edit); the measure holds no state, so one serves every call.</summary>
    public static readonly Damerau EditDistance = new();

    /// <summary>Lower-cased word tokens as (start, length) spans of <paramref name="text"/>.</summary>
    public static IEnumerable<(int Start, int Length)> Tokens(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                yield return (start, i - start);
            }
        }
    }

    public static bool IsStopWord(string lower) => lower.Length < 2 || StopWords.Contains(lower);

    // Chat drops apostrophes and letters from the small words: "whats", "dont", "didnt", "wher". Such a word that no
    // dictionary knows would otherwise count as a name the answer must contain.
    private static bool IsMistypedStopWord(string w)
    {
        if (w.Length < 4 || !w.All(char.IsAsciiLetterLower) || Lexicon.Default.IsEnglishWord(w))
        {
            return false;
        }

        if ((w[^1] == 's' && StopWords.Contains(w[..^1])) || (w.EndsWith("nt", StringComparison.Ordinal) && StopWords.Contains(w[..^2])))
        {
            return true;
        }

        return StopWords.Any(s => s.Length >= 4 && s[0] == w[0] && EditDistance.Distance(s, w) <= 1);
    }

    /// <summary>Content words of a query (lower-cased, stop words dropped, abbreviations spelled out), in order, distinct.</summary>
    public static List<string> ContentWords(string text)
    {
        var words = new List<string>();
        foreach (var (start, length) in Tokens(text))
        {
            var w = text.Substring(start, length).ToLowerInvariant();
            if (IsStopWord(w) || IsMistypedStopWord(w))
            {
                continue;
            }

            if (Lexicon.Default.Abbreviation(w) is { } expanded)
            {
                words.AddRange(expanded);
            }
            else
            {
                words.Add(w);
            }
        }

        return words.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Distinct stems of the words in <paramref name="text"/>.</summary>
    public static HashSet<string> Stems(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (start, length) in Tokens(text))
        {
            set.Add(Stem(text.Substring(start, length).ToLowerInvariant()));
        }

        return set;
    }

    /// <summary>A light suffix-stripping stemmer: enough to match recognise/recognised/recognising, sanctions/sanction.</summary>
    public static string Stem(string w)
    {
        // Irregular verbs first, so "send" finds "sent" and "lead" finds "led".
        w = Lexicon.Default.BaseForm(w);

        if (w.Length <= 3 || !w.All(char.IsAsciiLetterLower))
        {
            return w;
        }

        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5)
        {
            w = UndoubleEnd(w[..^3]);
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4)
        {
            w = UndoubleEnd(w[..^2]);
        }
        else if (w.EndsWith("ly", StringComparison.Ordinal) && w.Length > 5)
        {
            w = w[..^2];
        }

        if (w.EndsWith("iz", StringComparison.Ordinal) || w.EndsWith("ize", StringComparison.Ordinal))
        {
            w = w.Replace("iz", "is", StringComparison.Ordinal);
        }

        if (w.EndsWith('e') && w.Length > 4)
        {
            w = w[..^1];
        }

        if (w.EndsWith('y') && w.Length > 4)
        {
            w = w[..^1] + "i";
        }

        return w;
    }

    private static string UndoubleEnd(string w)
    {
        if (w.Length > 3 && w[^1] == w[^2] && w[^1] is not ('l' or 's' or 'z'))
        {
            return w[..^1];
        }

        return w;
    }

    /// <summary>An FTS5 MATCH expression: each word double-quoted (so no user text is ever parsed as syntax), OR-joined.</summary>
    public static string ToFtsQuery(IEnumerable<string> words)
    {
        var sb = new StringBuilder();
        foreach (var w in words)
        {
            var clean = new string(w.Where(char.IsLetterOrDigit).ToArray());
            if (clean.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(" OR ");
            }

            sb.Append('"').Append(clean).Append('"');
        }

        return sb.ToString();
    }
}
