using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Ingestion;
using KzBot.Core.Text;
using KzBot.Embeddings;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Benchmarks;

/// <summary>
/// In-process answer latency on an existing (or freshly indexed) store, the way `eval` answers: each question of
/// the given files through the real <see cref="QuestionAnswerer"/>, several rounds after one warm-up round,
/// p50/p95/p99 per file and overall, with the load average before and after. Every answer (text, refusal,
/// citations, closest passages) goes to a JSON-lines file, so two builds can be compared for identical answers;
/// every round must give the same answers as the first, or the run fails.
/// </summary>
public static class AnswerLatency
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var db = BenchArgs.Option(args, "--db") ?? throw new ArgumentException("answers needs --db <store.db>");
        var rounds = int.Parse(BenchArgs.Option(args, "--rounds") ?? "3", Ci);
        var dump = BenchArgs.Option(args, "--dump");
        var sources = BenchArgs.Options(args, "--sources");
        var files = BenchArgs.Options(args, "--questions");
        if (files.Count == 0)
        {
            throw new ArgumentException("answers needs at least one --questions <file.jsonl>");
        }

        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = db,
            ["RateLimits:QuestionsPerWindow"] = "0",
        };
        for (var i = 0; i < sources.Count; i++)
        {
            settings[$"Sources:Folders:{i}"] = sources[i];
        }

        Console.WriteLine($"load average before: {Machine.LoadAverage()}");
        using var host = KzBotHost.CreateBuilder([], settings, quiet: true).Build();
        await host.Services.GetRequiredService<DataIngestor>().ReloadAsync(CancellationToken.None);
        var status = await host.Services.GetRequiredService<EmbeddingBackfill>().WhenSettledAsync(CancellationToken.None);
        Console.WriteLine($"embeddings: {status.State}");

        var answerer = host.Services.GetRequiredService<QuestionAnswerer>();
        var sets = files.Select(f => (File: f, Questions: File.ReadLines(f).Where(l => l.Trim().Length > 0).Select(ParseQuestion).ToList())).ToList();

        // One unmeasured round: JIT, SQLite pages, the model and vector index, as a bot that has been serving is.
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, questions) in sets)
        {
            foreach (var (id, question) in questions)
            {
                expected[id] = Describe(question, await AnswerAsync(answerer, question));
            }
        }

        var all = new List<double>();
        var changed = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var (file, questions) in sets)
        {
            var samples = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                foreach (var (id, question) in questions)
                {
                    var started = Stopwatch.GetTimestamp();
                    var answer = await AnswerAsync(answerer, question);
                    samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    changed += Describe(question, answer) == expected[id] ? 0 : 1;
                }
            }

            all.AddRange(samples);
            Console.WriteLine($"{Path.GetFileName(file),-24} p50/p95/p99 {Percentiles.Of(samples)} ms ({samples.Count} answers)");
        }

        // CPU time is what a busy machine cannot stretch: it shows a change when other load swamps wall-clock percentiles.
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, all.Count);
        Console.WriteLine($"{"all",-24} p50/p95/p99 {Percentiles.Of(all)} ms ({all.Count} answers, {rounds} rounds), process CPU {cpu.ToString("F2", Ci)} ms per answer");
        Console.WriteLine($"load average after: {Machine.LoadAverage()}");
        if (dump is not null)
        {
            await File.WriteAllLinesAsync(dump, expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value));
            Console.WriteLine($"answers written to {dump}");
        }

        if (changed > 0)
        {
            Console.Error.WriteLine($"{changed} answers differed from the warm-up round's");
            return 1;
        }

        return 0;
    }

    /// <summary>One answer as `eval` gives it: sanitised input, nothing recorded.</summary>
    internal static Task<Answer> AnswerAsync(QuestionAnswerer answerer, string question) =>
        answerer.AnswerAsync(
            new IncomingMessage { Platform = "eval", ChatId = "console", UserId = "console", IsDirect = true, Text = InputSanitizer.Clean(question) },
            CancellationToken.None,
            record: false);

    /// <summary>Everything a user sees of an answer (not its random id), as one JSON line.</summary>
    internal static string Describe(string question, Answer answer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("question", question);
            json.WriteBoolean("refused", answer.Refused);
            json.WriteString("text", answer.Text);
            json.WriteString("note", answer.Note);
            foreach (var (name, list) in new[] { ("citations", answer.Citations), ("closest", answer.Closest ?? []) })
            {
                json.WriteStartArray(name);
                foreach (var c in list)
                {
                    json.WriteStringValue(string.Create(Ci, $"{c.N} {c.DocumentId} {c.ChunkId} {c.Start}-{c.End}"));
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("followUps");
            foreach (var f in answer.FollowUps)
            {
                json.WriteStringValue(f);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One line of an evaluation set: its id and question.</summary>
    internal static (string Id, string Question) ParseQuestion(string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        return (root.GetProperty("id").GetString()!, root.GetProperty("question").GetString()!);
    }
}
