using KzBot.Core.Answering;
using KzBot.Core.Resilience;

namespace KzBot.Cli;

internal sealed record EvalResult(EvalCase Case, Answer Answer, double LatencyMs, int ValidCitations, bool Correct);

/// <summary>What one set of results adds up to: right answers, right refusals, valid citations, latency.</summary>
internal sealed record EvalSummary(
    int Answerable,
    int AnsweredCorrectly,
    int ClosestHeldAnswer,
    int MustRefuse,
    int RefusedCorrectly,
    int Citations,
    int ValidCitations,
    double P50,
    double P95,
    IReadOnlyList<(string Kind, int Correct, int Total)> ByKind,
    IReadOnlyList<(string Style, int Correct, int Total)> ByStyle,
    IReadOnlyList<EvalResult> Failures)
{
    public int Questions => Answerable + MustRefuse;

    public static EvalSummary From(IReadOnlyList<EvalResult> results)
    {
        var latencies = results.Select(r => r.LatencyMs).Order().ToList();
        return new EvalSummary(
            results.Count(r => !r.Case.Refuse),
            results.Count(r => !r.Case.Refuse && r.Correct),
            results.Count(r => r.Case.ClosestHoldsAnswer(r.Answer)),
            results.Count(r => r.Case.Refuse),
            results.Count(r => r.Case.Refuse && r.Correct),
            results.Sum(r => r.Answer.Citations.Count),
            results.Sum(r => r.ValidCitations),
            Percentile.Of(latencies, 0.50),
            Percentile.Of(latencies, 0.95),
            results.GroupBy(r => r.Case.Kind).Select(g => (g.Key, g.Count(r => r.Correct), g.Count())).ToList(),
            results.Where(r => r.Case.Style is not null).GroupBy(r => r.Case.Style!)
                .Select(g => (g.Key, g.Count(r => r.Correct), g.Count())).OrderBy(g => g.Key, StringComparer.Ordinal).ToList(),
            results.Where(r => !r.Correct || r.ValidCitations != r.Answer.Citations.Count).ToList());
    }

}

/// <summary>How the baseline did on the same file: correct answers and refusals, scored as the bot is.</summary>
internal sealed record EvalBaselineScore(int AnsweredCorrectly, int RefusedCorrectly);

/// <summary>One question file's results, the baseline's if asked for, and the bars as applied to it.</summary>
internal sealed record EvalFileReport(string File, EvalSummary Summary, EvalBaselineScore? Baseline, IReadOnlyList<EvalBarCheck> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);
}
