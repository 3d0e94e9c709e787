using System.Diagnostics;
using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Retrieval;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Cli;

/// <summary>
/// Runs one or more question sets and reports each on its own: right answers, right refusals, citations that
/// are real text, and latency. Exit code 1 when any file is below the run's bars, so CI can hold the line.
/// </summary>
internal static class EvalCommand
{
    public static async Task<int> RunAsync(CliArguments cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (cli.Positional.Count == 0)
        {
            throw new CliUsageException("eval needs at least one question file, for example: eval tests/eval/questions.jsonl");
        }

        // Every file and bar is checked before the (slow) indexing, so a typo fails at once.
        var bars = EvalBars.From(cli);
        var sets = cli.Positional.Select(path => (Path: path, Cases: EvalCase.Load(path))).ToList();

        await CliApp.EnsureIndexedAsync(services, cancellationToken);

        // The evaluation measures the whole system, so it waits for the vectors a fresh store is still computing.
        await IndexCommand.WaitForEmbeddingsAsync(services, Console.Error, cancellationToken);
        if (cli.Flags.Contains("--features"))
        {
            await WriteFeaturesAsync(sets.SelectMany(s => s.Cases).ToList(), services.GetRequiredService<IRetriever>(), cancellationToken);
            return 0;
        }

        var answerer = services.GetRequiredService<QuestionAnswerer>();
        var store = services.GetRequiredService<ICorpusStore>();
        using var baseline = cli.Flags.Contains("--baseline") ? await FtsTop1Baseline.BuildAsync(store, cancellationToken) : null;

        // One unmeasured question first so the first case's latency measures answering, not JIT and connection set-up.
        await answerer.AnswerAsync(Message(sets[0].Cases[0].Question), cancellationToken, record: false);
        var reports = new List<EvalFileReport>(sets.Count);
        var all = new List<EvalResult>();
        foreach (var (path, cases) in sets)
        {
            var results = await EvaluateAsync(cases, answerer, store, cancellationToken);
            all.AddRange(results);
            var summary = EvalSummary.From(results);
            var baselineScore = baseline is null ? null : await ScoreAsync(baseline, cases, cancellationToken);
            reports.Add(new EvalFileReport(path, summary, baselineScore, bars.Check(summary)));
        }

        var overall = EvalSummary.From(all);
        var failures = !cli.Flags.Contains("--summary-only");
        Console.WriteLine(cli.Flags.Contains("--json") ? EvalReport.Json(reports, overall, failures) : EvalReport.Text(reports, overall, failures));
        return reports.All(r => r.Passed) ? 0 : 1;
    }

    public static async Task<List<EvalResult>> EvaluateAsync(IReadOnlyList<EvalCase> cases, QuestionAnswerer answerer, ICorpusStore store, CancellationToken cancellationToken)
    {
        var documents = new Dictionary<string, string?>(StringComparer.Ordinal);
        var results = new List<EvalResult>(cases.Count);
        foreach (var c in cases)
        {
            var started = Stopwatch.GetTimestamp();
            var answer = await answerer.AnswerAsync(Message(c.Question), cancellationToken, record: false);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var valid = 0;
            foreach (var citation in answer.Citations)
            {
                if (!documents.TryGetValue(citation.DocumentId, out var text))
                {
                    text = documents[citation.DocumentId] = await store.GetDocumentTextAsync(citation.DocumentId, cancellationToken);
                }

                if (text is not null && citation.Start >= 0 && citation.End <= text.Length && citation.Start < citation.End
                    && string.Equals(text[citation.Start..citation.End], citation.Quote, StringComparison.Ordinal))
                {
                    valid++;
                }
            }

            results.Add(new EvalResult(c, answer, latency, valid, c.IsCorrect(answer)));
        }

        return results;
    }

    /// <summary>The gate's inputs per question, as tab-separated lines for src/KzBot.Core/Retrieval/Gate/fit.py: id, kind, answerable (1/0), features.</summary>
    private static async Task WriteFeaturesAsync(IReadOnlyList<EvalCase> cases, IRetriever retriever, CancellationToken cancellationToken)
    {
        Console.WriteLine("id\tkind\tanswerable\t" + string.Join('\t', GateFeatures.Names));
        foreach (var c in cases)
        {
            var retrieval = await retriever.RetrieveAsync(InputSanitizer.Clean(c.Question), 6, cancellationToken);
            var features = retrieval.Features ?? new GateFeatures(0, 0, 0, false, false, false, false, false, 1);
            Console.WriteLine($"{c.Id}\t{c.Kind}\t{(c.Refuse ? 0 : 1)}\t{features.ToTsv()}");
        }
    }

    private static async Task<EvalBaselineScore> ScoreAsync(FtsTop1Baseline baseline, IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken)
    {
        int answered = 0, refused = 0;
        foreach (var c in cases)
        {
            var correct = c.IsCorrect(await baseline.AnswerAsync(InputSanitizer.Clean(c.Question), cancellationToken));
            answered += correct && !c.Refuse ? 1 : 0;
            refused += correct && c.Refuse ? 1 : 0;
        }

        return new EvalBaselineScore(answered, refused);
    }

    private static IncomingMessage Message(string text) => ConsoleUser.Message(InputSanitizer.Clean(text)) with { Platform = "eval" };
}
