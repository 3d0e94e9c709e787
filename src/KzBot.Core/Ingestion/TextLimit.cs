using System.Globalization;

namespace KzBot.Core.Ingestion;

/// <summary>The one wording of "this file expands to too much text" (Sources:MaxTextChars), whichever reader notices.</summary>
public static class TextLimit
{
    public static string Message(int maxChars) =>
        string.Create(CultureInfo.InvariantCulture, $"extracted text is over the {maxChars:N0}-character limit (Sources:MaxTextChars)");
}
