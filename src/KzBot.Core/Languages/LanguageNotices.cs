namespace KzBot.Core.Languages;

/// <summary>Short texts shown in the asker's own language when KzBot cannot fully answer in it.</summary>
public static class LanguageNotices
{
    /// <summary>Shown with extractive answers to Russian and Kazakh questions; null for English.</summary>
    public static string? EnglishOnly(string language) => language switch
    {
        LanguageDetector.Russian => "С текущими настройками я отвечаю только на английском языке; ниже — то, что удалось найти в источниках.",
        LanguageDetector.Kazakh => "Қазіргі баптауларда мен тек ағылшын тілінде жауап беремін; төменде дереккөздерден табылғаны берілген.",
        _ => null,
    };
}
