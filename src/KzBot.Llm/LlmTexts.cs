using KzBot.Core.Languages;

namespace KzBot.Llm;

/// <summary>The few fixed texts the LLM composer shows itself, in the asker's language.</summary>
public static class LlmTexts
{
    /// <summary>What the model writes when the passages do not answer the question (see prompts/system.txt).</summary>
    public const string NotInSources = "NOT_IN_SOURCES";

    public static string LanguageName(string language) => language switch
    {
        LanguageDetector.Russian => "Russian",
        LanguageDetector.Kazakh => "Kazakh",
        _ => "English",
    };

    /// <summary>Shown with the extractive answer when the model could not be used.</summary>
    public static string Unavailable(string language) => language switch
    {
        LanguageDetector.Russian => "Полный ответ сейчас недоступен, поэтому ниже приведены цитаты из источников (на английском).",
        LanguageDetector.Kazakh => "Толық жауап қазір қолжетімсіз, сондықтан төменде дереккөздерден үзінділер (ағылшын тілінде) берілген.",
        _ => "The full answer is unavailable right now, so here are the most relevant passages from the sources.",
    };

    /// <summary>A refusal in Russian or Kazakh; null means use the extractive composer's English one (it lists the sources).</summary>
    public static string? Refusal(string language) => language switch
    {
        LanguageDetector.Russian => "В моих источниках нет ответа на этот вопрос, поэтому я не буду гадать. Список источников: /sources.",
        LanguageDetector.Kazakh => "Менің дереккөздерімде бұл сұраққа жауап жоқ, сондықтан болжам жасамаймын. Дереккөздер тізімі: /sources.",
        _ => null,
    };
}
