using System.Text.Json;
using KzBot.Core.Answering;

namespace KzBot.Cli;

/// <summary>
/// The documented JSON shape of one answer: {"question","answer","refused","citations":[{"n","documentId","title","source","quote"}]},
/// plus "note" when the answer has one and "closest" (same shape as "citations") when a refusal quotes the closest passages.
/// </summary>
internal static class AnswerJson
{
    public static string Write(string question, Answer? answer, string? text = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            WriteFields(json, question, answer, text);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The answer's fields into an object the caller has opened (eval adds its case id and kind before them).</summary>
    public static void WriteFields(Utf8JsonWriter json, string question, Answer? answer, string? text = null)
    {
        json.WriteString("question", question);
        json.WriteString("answer", answer?.Text ?? text ?? "");
        json.WriteBoolean("refused", answer?.Refused ?? true);
        if (answer?.Note is { Length: > 0 } note)
        {
            json.WriteString("note", note);
        }

        WriteCitations(json, "citations", answer?.Citations ?? []);
        if (answer?.Closest is { Count: > 0 } closest)
        {
            WriteCitations(json, "closest", closest);
        }
    }

    private static void WriteCitations(Utf8JsonWriter json, string name, IReadOnlyList<Citation> citations)
    {
        json.WriteStartArray(name);
        foreach (var c in citations)
        {
            json.WriteStartObject();
            json.WriteNumber("n", c.N);
            json.WriteString("documentId", c.DocumentId);
            json.WriteString("title", c.Title);
            json.WriteString("source", c.Source);
            json.WriteString("quote", c.Quote);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
