using System.Text.RegularExpressions;

namespace KzBot.Core.Text;

/// <summary>
/// Capitals and seats of government used for their countries ("Did Astana side with Moscow?"). The sources
/// mostly name the countries, so a question is searched with the country names.
/// </summary>
public static partial class PlaceNames
{
    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Astana"] = "Kazakhstan",
        ["Nur-Sultan"] = "Kazakhstan",
        ["Akorda"] = "Kazakhstan",
        ["Moscow"] = "Russia",
        ["Kremlin"] = "Russia",
        ["Kyiv"] = "Ukraine",
        ["Kiev"] = "Ukraine",
        ["Tashkent"] = "Uzbekistan",
        ["Minsk"] = "Belarus",
        ["Beijing"] = "China",
    };

    /// <summary>The question with each metonym replaced by its country ("the Kremlin" → "Russia").</summary>
    public static string ToCountries(string question) =>
        Metonym().Replace(question, m => Countries[m.Groups["name"].Value]);

    [GeneratedRegex(@"(?:\bthe\s+)?\b(?<name>Astana|Nur-Sultan|Akorda|Moscow|Kremlin|Kyiv|Kiev|Tashkent|Minsk|Beijing)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Metonym();
}
