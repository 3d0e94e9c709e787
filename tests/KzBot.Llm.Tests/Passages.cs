using System.Text.RegularExpressions;

namespace KzBot.Llm.Tests;

/// <summary>Reads the numbered passages back out of a request, as the model would see them.</summary>
public static partial class Passages
{
    public static IReadOnlyList<(int Id, string Text)> In(RecordedRequest request) =>
        Block().Matches(request.User).Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value)).ToList();

    /// <summary>The id of the passage holding <paramref name="phrase"/>.</summary>
    public static int Holding(RecordedRequest request, string phrase) => In(request).First(p => p.Text.Contains(phrase, StringComparison.Ordinal)).Id;

    [GeneratedRegex("<passage id=\"(\\d+)\" title=\"[^\"]*\">\\n(.*?)\\n</passage>", RegexOptions.Singleline)]
    private static partial Regex Block();
}
