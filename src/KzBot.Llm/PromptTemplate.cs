using System.Text.RegularExpressions;

namespace KzBot.Llm;

/// <summary>
/// A prompt file with <c>{{name}}</c> placeholders. Substitution is ours and single-pass, so a value that itself
/// contains <c>{{…}}</c> (a source document, a question) is inserted as text and never expanded; nothing is
/// HTML-encoded, unlike Semantic Kernel's template engine, so quotes reach the model exactly as indexed.
/// </summary>
public sealed partial record PromptTemplate(string FileName, string Text)
{
    public IReadOnlySet<string> Placeholders { get; } = Placeholder().Matches(Text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    public string Render(IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(Text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : throw new InvalidOperationException($"{FileName}: no value for {{{{{m.Groups[1].Value}}}}}."));

    /// <summary>What is wrong with the file's text, as start-up messages that name the file; empty when it is usable.</summary>
    public static IReadOnlyList<string> Check(string fileName, string text, IReadOnlyCollection<string> required)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"Prompt file {fileName} is empty.");
            return errors;
        }

        var found = Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        foreach (var name in required.Where(r => !found.Contains(r)))
        {
            errors.Add($"Prompt file {fileName} lacks the placeholder {{{{{name}}}}}.");
        }

        foreach (var name in found.Where(f => !required.Contains(f)))
        {
            errors.Add($"Prompt file {fileName} has the unknown placeholder {{{{{name}}}}} (known: {(required.Count == 0 ? "none" : string.Join(", ", required))}).");
        }

        // A brace pair left after the known placeholders is a typo ("{{question}", "{{ passages }}").
        var rest = Placeholder().Replace(text, "");
        if (rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("}}", StringComparison.Ordinal))
        {
            errors.Add($"Prompt file {fileName} has a malformed placeholder: use {{{{name}}}} with lower-case letters and underscores.");
        }

        return errors;
    }

    [GeneratedRegex(@"\{\{([a-z_]+)\}\}")]
    private static partial Regex Placeholder();
}
