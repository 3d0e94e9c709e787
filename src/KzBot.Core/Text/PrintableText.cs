using System.Globalization;
using System.Text;

namespace KzBot.Core.Text;

/// <summary>
/// Makes a name safe to print: control characters (an ESC in a file name can rewrite the admin's terminal),
/// bidi overrides and zero-width characters become visible \u escapes; everything else is kept as it is.
/// </summary>
public static class PrintableText
{
    public static string Escape(string text)
    {
        if (!text.Any(IsHidden))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsHidden(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool IsHidden(char c) =>
        char.IsControl(c) || c is '\u200B' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\uFEFF';
}
