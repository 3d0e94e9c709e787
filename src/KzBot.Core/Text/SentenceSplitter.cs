namespace KzBot.Core.Text;

/// <summary>Splits text into sentences as (start, length) spans of the original string, so quotes stay exact.</summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "pres",
        "vs", "etc", "inc", "ltd", "co", "corp", "no", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s", "u.k", "u.n", "approx", "est", "dept",
    };

    public static List<(int Start, int Length)> Split(string text, int offset = 0, int length = -1)
    {
        var end = length < 0 ? text.Length : offset + length;
        var spans = new List<(int, int)>();
        var i = offset;
        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        var start = i;
        for (; i < end; i++)
        {
            var c = text[i];
            if (c == '\n' && i + 1 < end && text[i + 1] == '\n')
            {
                Add(spans, text, start, i);
                start = SkipSpace(text, i, end);
                i = start - 1;
                continue;
            }

            if (c is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            var j = i + 1;
            while (j < end && text[j] is '"' or '\'' or '”' or '’' or ')' or ']' or '.' or '!' or '?')
            {
                j++;
            }

            if (j < end && !char.IsWhiteSpace(text[j]))
            {
                continue;
            }

            var next = SkipSpace(text, j, end);
            if (next < end && char.IsLower(text[next]))
            {
                continue;
            }

            if (c == '.' && IsAbbreviation(text, start, i))
            {
                continue;
            }

            Add(spans, text, start, j);
            start = next;
            i = next - 1;
        }

        Add(spans, text, start, end);
        return spans;
    }

    private static int SkipSpace(string text, int i, int end)
    {
        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        var k = dot - 1;
        while (k >= sentenceStart && (char.IsLetter(text[k]) || text[k] == '.'))
        {
            k--;
        }

        var word = text.AsSpan(k + 1, dot - k - 1).ToString();
        if (word.Length == 0)
        {
            return false;
        }

        // Single capital initials ("J. Smith") and known abbreviations do not end sentences.
        return (word.Length == 1 && char.IsUpper(word[0])) || Abbreviations.Contains(word);
    }

    private static void Add(List<(int, int)> spans, string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            spans.Add((start, end - start));
        }
    }
}
