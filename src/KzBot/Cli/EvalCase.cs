using System.Text.Json;
using KzBot.Core.Answering;

namespace KzBot.Cli;

/// <summary>One line of a question file.</summary>
/// <param name="Expect">Facts a correct answer must contain; each may list alternatives separated by "|".</param>
/// <param name="Refuse">True when the sources do not cover the question and the bot must refuse.</param>
/// <param name="Kind">A label to break results down by ("fact", "paraphrase", "offtopic"…).</param>
/// <param name="Style">How the question is typed ("synonym", "typo", "keyword"…), when the file says.</param>
internal sealed record EvalCase(string Id, string Question, IReadOnlyList<string> Expect, bool Refuse, string Kind, string? Style = null)
{
    public static List<EvalCase> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"Question file not found: {path}");
        }

        var cases = new List<EvalCase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var expect = root.TryGetProperty("expect", out var e) ? e.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
                var refuse = root.TryGetProperty("refuse", out var r) && r.GetBoolean();
                cases.Add(new EvalCase(
                    root.TryGetProperty("id", out var id) ? id.GetString()! : $"line{lineNumber}",
                    root.GetProperty("question").GetString()!,
                    expect,
                    refuse,
                    root.TryGetProperty("kind", out var k) ? k.GetString()! : refuse ? "refuse" : "fact",
                    root.TryGetProperty("style", out var st) ? st.GetString() : null));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new CliUsageException($"{path}:{lineNumber}: not a valid question line ({ex.Message})");
            }
        }

        if (cases.Count == 0)
        {
            throw new CliUsageException($"{path}: no questions in it");
        }

        return cases;
    }

    /// <summary>
    /// A refusal of any shape counts as refusing: a bare one, or one that quotes the closest passages for the
    /// user to judge, since neither claims the sources answer the question.
    /// </summary>
    public static bool IsRefusal(Answer answer) => answer.Refused;

    /// <summary>
    /// An answerable question the bot did not answer, whose closest passages still quote every expected fact: the
    /// user was shown the answer, though not told it was one.
    /// </summary>
    public bool ClosestHoldsAnswer(Answer answer) =>
        !Refuse && IsRefusal(answer) && answer.Closest is { Count: > 0 } closest
        && Expect.All(fact => fact.Split('|').Any(a => closest.Any(c => c.Quote.Contains(a, StringComparison.OrdinalIgnoreCase))));

    public bool IsCorrect(Answer answer)
    {
        if (Refuse)
        {
            return IsRefusal(answer);
        }

        if (IsRefusal(answer) || answer.Citations.Count == 0)
        {
            return false;
        }

        // Every expected fact must be in the answer and in a cited quote, so the citation really holds it.
        return Expect.All(fact =>
        {
            var alternatives = fact.Split('|');
            return alternatives.Any(a => answer.Text.Contains(a, StringComparison.OrdinalIgnoreCase)
                && answer.Citations.Any(c => c.Quote.Contains(a, StringComparison.OrdinalIgnoreCase)));
        });
    }
}
