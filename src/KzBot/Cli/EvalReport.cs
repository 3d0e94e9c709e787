using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KzBot.Cli;

/// <summary>Prints an eval run: each file on its own, then (for several files) all of them together.</summary>
internal static class EvalReport
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static string Text(IReadOnlyList<EvalFileReport> files, EvalSummary overall, bool failures)
    {
        var lines = new List<string>();
        foreach (var f in files)
        {
            if (files.Count > 1)
            {
                lines.Add($"== {f.File}");
            }

            lines.AddRange(FileLines(f, failures));
            if (files.Count > 1)
            {
                lines.Add("");
            }
        }

        if (files.Count > 1)
        {
            var s = overall;
            lines.Add($"== all {files.Count} files");
            lines.Add(Line("questions:", $"{s.Questions} ({s.Answerable} answerable, {s.MustRefuse} must-refuse)"));
            lines.Add(Line("answered-correctly:", Count(s.AnsweredCorrectly, s.Answerable)));
            lines.Add(Line("refused-correctly:", Count(s.RefusedCorrectly, s.MustRefuse)));
            lines.Add(Line("latency:", string.Create(Ci, $"p50 {s.P50:F2} ms, p95 {s.P95:F2} ms (in-process, per question)")));
        }

        var below = files.Where(f => !f.Passed).ToList();
        lines.Add(below.Count == 0
            ? "result:             every file meets its bars"
            : "result:             BELOW THE BAR: " + string.Join("; ", below.Select(f =>
                $"{f.File} ({string.Join(", ", f.Checks.Where(c => !c.Passed).Select(c => string.Create(Ci, $"{c.Name} {c.Actual:P1} < {c.Min:P1}")))})")));
        return string.Join('\n', lines);
    }

    private static IEnumerable<string> FileLines(EvalFileReport f, bool failures)
    {
        var s = f.Summary;
        yield return Line("questions:", $"{s.Questions} ({s.Answerable} answerable, {s.MustRefuse} must-refuse)");
        yield return Line("answered-correctly:", Count(s.AnsweredCorrectly, s.Answerable));
        if (s.Answerable > s.AnsweredCorrectly)
        {
            yield return Line("closest held it:", $"{s.ClosestHeldAnswer} of the {s.Answerable - s.AnsweredCorrectly} not answered right were refused with the expected facts in the closest passages quoted");
        }

        yield return Line("refused-correctly:", Count(s.RefusedCorrectly, s.MustRefuse) + (s.MustRefuse > 0 ? " (a reply quoting the closest passages counts as refused)" : ""));
        yield return Line("citation validity:", Count(s.ValidCitations, s.Citations) + " quotes are exact spans of indexed documents");
        yield return Line("latency:", string.Create(Ci, $"p50 {s.P50:F2} ms, p95 {s.P95:F2} ms (in-process, per question)"));
        yield return Line("by kind:", string.Join(", ", s.ByKind.Select(k => $"{k.Kind} {k.Correct}/{k.Total}")));
        if (s.ByStyle.Count > 0)
        {
            yield return Line("by style:", string.Join(", ", s.ByStyle.Select(k => $"{k.Style} {k.Correct}/{k.Total}")));
        }

        if (f.Baseline is { } b)
        {
            yield return Line("baseline:", $"answered-correctly {Count(b.AnsweredCorrectly, s.Answerable)}, refused-correctly {Count(b.RefusedCorrectly, s.MustRefuse)} (FTS5 top-1 sentence, no refusal logic)");
        }

        yield return Line("bars:", f.Checks.Count == 0
            ? "none apply"
            : string.Join(", ", f.Checks.Select(c => string.Create(Ci, $"{c.Name} {c.Actual:P1} {(c.Passed ? "≥" : "<")} {c.Min:P1}{(c.Passed ? "" : " BELOW")}"))));
        foreach (var r in failures ? s.Failures : [])
        {
            var got = EvalCase.IsRefusal(r.Answer) ? "refused" : OneLine(r.Answer.Text);
            var invalid = r.ValidCitations != r.Answer.Citations.Count ? " (a citation is not an exact span)" : "";
            yield return $"  FAIL {r.Case.Id} [{r.Case.Kind}] {r.Case.Question} → {got}{invalid}";
        }
    }

    /// <summary>One JSON object with every file's numbers, bars and failures, for scripts (not HTML, so quotes and dashes stay readable).</summary>
    public static string Json(IReadOnlyList<EvalFileReport> files, EvalSummary overall, bool failures)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteBoolean("passed", files.All(f => f.Passed));
            w.WriteStartArray("files");
            foreach (var f in files)
            {
                w.WriteStartObject();
                w.WriteString("file", f.File);
                w.WriteBoolean("passed", f.Passed);
                Numbers(w, f.Summary);
                if (f.Baseline is { } b)
                {
                    w.WriteStartObject("baseline");
                    w.WriteNumber("answeredCorrectly", b.AnsweredCorrectly);
                    w.WriteNumber("refusedCorrectly", b.RefusedCorrectly);
                    w.WriteEndObject();
                }

                w.WriteStartArray("bars");
                foreach (var c in f.Checks)
                {
                    w.WriteStartObject();
                    w.WriteString("bar", c.Name);
                    w.WriteNumber("correct", c.Correct);
                    w.WriteNumber("total", c.Total);
                    w.WriteNumber("min", c.Min);
                    w.WriteBoolean("passed", c.Passed);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("failures");
                foreach (var r in failures ? f.Summary.Failures : [])
                {
                    w.WriteStartObject();
                    w.WriteString("id", r.Case.Id);
                    w.WriteString("kind", r.Case.Kind);
                    AnswerJson.WriteFields(w, r.Case.Question, r.Answer);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("all");
            Numbers(w, overall);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Numbers(Utf8JsonWriter w, EvalSummary s)
    {
        w.WriteNumber("answerable", s.Answerable);
        w.WriteNumber("answeredCorrectly", s.AnsweredCorrectly);
        w.WriteNumber("closestHeldAnswer", s.ClosestHeldAnswer);
        w.WriteNumber("mustRefuse", s.MustRefuse);
        w.WriteNumber("refusedCorrectly", s.RefusedCorrectly);
        w.WriteNumber("citations", s.Citations);
        w.WriteNumber("validCitations", s.ValidCitations);
        w.WriteNumber("latencyP50Ms", Math.Round(s.P50, 2));
        w.WriteNumber("latencyP95Ms", Math.Round(s.P95, 2));
        Breakdown(w, "byKind", s.ByKind);
        Breakdown(w, "byStyle", s.ByStyle);
    }

    private static void Breakdown(Utf8JsonWriter w, string name, IEnumerable<(string Group, int Correct, int Total)> rows)
    {
        w.WriteStartObject(name);
        foreach (var (group, correct, total) in rows)
        {
            w.WriteStartObject(group);
            w.WriteNumber("correct", correct);
            w.WriteNumber("total", total);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static string Line(string label, string value) => $"{label,-19} {value}";

    private static string Count(int correct, int total) =>
        total == 0 ? "0/0" : string.Create(Ci, $"{correct}/{total} ({(double)correct / total:P1})");

    private static string OneLine(string s) => s.Length > 160 ? s[..160].ReplaceLineEndings(" ") + "…" : s.ReplaceLineEndings(" ");
}
