namespace KzBot.Core.Languages;

/// <summary>
/// Tells English, Russian and Kazakh questions apart by their letters. Only these three matter (the sources are
/// English, the audience also writes Russian and Kazakh), so counting scripts is enough and needs no model.
/// </summary>
public static class LanguageDetector
{
    public const string English = "en";
    public const string Russian = "ru";
    public const string Kazakh = "kk";

    // Letters of the Kazakh Cyrillic alphabet that Russian does not have.
    private const string KazakhLetters = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";

    public static string Detect(string text)
    {
        int cyrillic = 0, latin = 0;
        var kazakh = false;
        foreach (var c in text)
        {
            if (KazakhLetters.Contains(c, StringComparison.Ordinal))
            {
                kazakh = true;
                cyrillic++;
            }
            else if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'))
            {
                latin++;
            }
        }

        // A Russian question may quote an English name ("Что такое CSTO?"): the majority script decides.
        if (cyrillic == 0 || cyrillic < latin)
        {
            return English;
        }

        return kazakh ? Kazakh : Russian;
    }
}
