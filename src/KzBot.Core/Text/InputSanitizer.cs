using System.Text;

namespace KzBot.Core.Text;

/// <summary>Makes user text safe to process: no control characters, normalised, trimmed. Markup stays as literal text.</summary>
public static class InputSanitizer
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n' or '\t')
            {
                sb.Append(c == '\t' ? ' ' : c);
            }
            else if (c == '\r' || char.IsControl(c) || c is '\u200B' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\uFEFF')
            {
                // Bidi overrides and zero-width characters can disguise text; control characters break terminals and logs.
                continue;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC).Trim();
    }
}
