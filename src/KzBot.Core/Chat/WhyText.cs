using System.Globalization;
using System.Text;
using KzBot.Core.Ingestion;
using KzBot.Core.Retrieval;
using KzBot.Core.Text;

namespace KzBot.Core.Chat;

/// <summary>
/// The /why reply: how the decision on one question was reached (the words weighed, the best sentence, what the
/// decision model made of it), so an admin can see why a question was refused or answered without reading logs.
/// </summary>
public static class WhyText
{
    private const int PassagesShown = 3;
    private const int MaxSentence = 300;
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static string Format(string question, RetrievalResult result)
    {
        var text = new StringBuilder();
        text.Append("Why: “").Append(Cut(question)).AppendLine("”");
        if (result.Features is not { } features || result.Passages.Count == 0)
        {
            text.AppendLine("Refused: no passage shares a distinctive word with the question.");
            AppendWords(text, result.QuestionTerms);
            return text.ToString().TrimEnd();
        }

        var gate = AnswerGate.Default;
        var probability = gate.Probability(features);
        text.AppendLine(
            !result.IsSufficient ? string.Create(Ci, $"Not answered on its words: the decision model gave {probability:F2}; it answers from {gate.Threshold:F2}. The reply quotes the closest passages, if any are related (with a language model and Llm:ReadWhenUnsure, the model reads them first).")
            : result.AnsweredByMeaning ? string.Create(Ci, $"Answered by meaning: the words gave {probability:F2} (it answers from {gate.Threshold:F2}), but the sentence below is close in meaning (cosine {result.Evidence:F3}) and holds the kind of answer asked for.")
            : string.Create(Ci, $"Answered: the decision model gave {probability:F2}; it answers from {gate.Threshold:F2}."));
        AppendWords(text, result.QuestionTerms);

        var first = result.Passages[0];
        var best = EvidenceScorer.BestSpan(first.Text, result.Terms);
        text.Append("Best sentence of the first passage (“").Append(Cut(first.Title)).Append("”, ").Append(Cut(first.Source)).Append("): ")
            .AppendLine(Cut(best.Text));
        text.AppendLine(string.Create(
            Ci,
            $"Evidence: {features.Coverage:P0} of the question's weight ({features.RelatedCoverage:P0} through related words); distinctive words {features.DistinctiveShare:P0}; rarest word {Found(features.RarestMatched)}; names asked for {Found(features.NamesMatched)}; the kind of answer asked for {Found(features.TypeFits)}; words in no source {features.UnseenShare:P0} of the weight."));
        text.Append("Passages: ").AppendJoin("; ", result.Passages.Take(PassagesShown).Select((p, i) =>
            string.Create(Ci, $"{i + 1}. “{Cut(p.Title)}”, {Cut(p.Source)} (score {p.Score:F3})")));
        return text.ToString();
    }

    private static void AppendWords(StringBuilder text, IReadOnlyList<WeightedTerm> terms)
    {
        if (terms.Count == 0)
        {
            text.AppendLine("Question words: none left after the small words.");
            return;
        }

        text.Append("Question words (weight): ").AppendJoin(", ", terms.Select(Describe)).AppendLine();
    }

    private static string Describe(WeightedTerm t)
    {
        var notes = new List<string>();
        if (!t.InSources)
        {
            notes.Add("in no source");
        }

        if (t.IsTopic)
        {
            notes.Add("topic");
        }

        if (t.IsName)
        {
            notes.Add("a name the answer must hold");
        }

        if (t.Alternatives is { Count: > 0 } related)
        {
            notes.Add("or " + string.Join("/", related.Select(a => a.Word)));
        }

        var weight = string.Create(Ci, $"{PrintableText.Escape(t.Word)} {t.Weight:F2}");
        return notes.Count == 0 ? weight : $"{weight} ({string.Join("; ", notes)})";
    }

    private static string Found(bool found) => found ? "found" : "missing";

    private static string Cut(string text)
    {
        var line = PrintableText.Escape(TextDecoding.CollapseWhitespace(text));
        return line.Length <= MaxSentence ? line : line[..(MaxSentence - 1)] + "…";
    }
}
