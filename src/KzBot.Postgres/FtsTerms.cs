using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KzBot.Postgres;

/// <summary>
/// PostgreSQL literals for the SQLite tokenizer's tokens: a chunk's <c>tsvector</c> (title positions weighted A,
/// body positions D) and <c>tsquery</c> terms. Literals are cast as they are, so PostgreSQL adds no stemming of its own.
/// </summary>
internal static partial class FtsTerms
{
    private const int MaxPosition = 16383;
    private const int MaxPositionsPerTerm = 256;
    private const int MaxLexemeBytes = 2046;

    public static string Quote(string lexeme) => "'" + lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A phrase of one or more tokens as a tsquery, optionally limited to one weight (A title, D body).</summary>
    public static string Query(IReadOnlyList<string> tokens, char? weight = null)
    {
        var suffix = weight is { } w ? ":" + w : "";
        return tokens.Count == 1 ? Quote(tokens[0]) + suffix : "(" + string.Join(" <-> ", tokens.Select(t => Quote(t) + suffix)) + ")";
    }

    /// <summary>The words of a query made by <c>Terms.ToFtsQuery</c>: the double-quoted strings, in order.</summary>
    public static IReadOnlyList<string> Words(string ftsQuery) => QuotedWord().Matches(ftsQuery).Select(m => m.Groups[1].Value).ToList();

    /// <summary>
    /// The tsvector of a chunk. The body starts two positions after the title so a phrase never matches across
    /// the two, as it cannot across FTS5 columns.
    /// </summary>
    public static string Vector(IReadOnlyList<string> title, IReadOnlyList<string> body)
    {
        var positions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(IReadOnlyList<string> tokens, int first, string weight)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                if (Encoding.UTF8.GetByteCount(tokens[i]) > MaxLexemeBytes)
                {
                    continue;
                }

                if (!positions.TryGetValue(tokens[i], out var list))
                {
                    positions[tokens[i]] = list = [];
                }

                var position = first + i;
                if (list.Count < MaxPositionsPerTerm && position <= MaxPosition)
                {
                    list.Add(position.ToString(CultureInfo.InvariantCulture) + weight);
                }
            }
        }

        Add(title, 1, "A");
        Add(body, title.Count + 2, "");
        var sb = new StringBuilder();
        foreach (var (lexeme, list) in positions)
        {
            sb.Append(Quote(lexeme));
            if (list.Count > 0)
            {
                sb.Append(':').AppendJoin(',', list);
            }

            sb.Append(' ');
        }

        return sb.ToString();
    }

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedWord();
}
