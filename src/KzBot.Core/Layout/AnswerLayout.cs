using System.Text.RegularExpressions;
using KzBot.Core.Answering;

namespace KzBot.Core.Layout;

/// <summary>What kind of reply an answer is; each platform may present the kinds differently.</summary>
public enum AnswerKind
{
    /// <summary>The sources answer the question; the body cites them.</summary>
    Answer,

    /// <summary>The sources do not answer directly; the sources listed are the closest cited passages.</summary>
    ClosestPassages,

    /// <summary>Nothing related was found; there are no sources to show.</summary>
    Refusal,
}

/// <summary>A run of answer text, or a citation marker pointing into <see cref="AnswerLayout.Sources"/>.</summary>
public sealed record AnswerRun(string Text, int? Marker = null);

/// <summary>
/// An answer laid out once for every platform: the body with its markers, then the sources, the note and the
/// follow-up suggestions, in that order. Platform formatters only decide how each piece looks.
/// </summary>
public sealed partial record AnswerLayout(
    string AnswerId,
    AnswerKind Kind,
    IReadOnlyList<AnswerRun> Body,
    IReadOnlyList<Citation> Sources,
    string? Note,
    IReadOnlyList<string> FollowUps)
{
    /// <summary>More suggestions than this crowd the answer they follow.</summary>
    public const int MaxFollowUps = 3;

    public const string SourcesHeading = "Sources";

    public const string FollowUpsHeading = "You could also ask:";

    public static AnswerLayout Of(Answer answer) => new(
        answer.Id,
        !answer.Refused ? AnswerKind.Answer : answer.Sources.Count > 0 ? AnswerKind.ClosestPassages : AnswerKind.Refusal,
        Runs(answer.Text.Trim(), answer.Sources.Select(c => c.N).ToHashSet()),
        answer.Sources,
        string.IsNullOrWhiteSpace(answer.Note) ? null : answer.Note.Trim(),
        answer.FollowUps.Where(f => !string.IsNullOrWhiteSpace(f)).Take(MaxFollowUps).ToList());

    private static List<AnswerRun> Runs(string text, HashSet<int> cited)
    {
        var runs = new List<AnswerRun>();
        var from = 0;
        foreach (Match m in Marker().Matches(text))
        {
            if (!int.TryParse(m.Groups[1].ValueSpan, out var n) || !cited.Contains(n))
            {
                continue;
            }

            if (m.Index > from)
            {
                runs.Add(new AnswerRun(text[from..m.Index]));
            }

            runs.Add(new AnswerRun(m.Value, n));
            from = m.Index + m.Length;
        }

        if (from < text.Length)
        {
            runs.Add(new AnswerRun(text[from..]));
        }

        return runs;
    }

    [GeneratedRegex(@"\[(\d{1,3})\]")]
    private static partial Regex Marker();
}
