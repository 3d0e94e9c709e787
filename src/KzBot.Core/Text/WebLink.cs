using System.Diagnostics.CodeAnalysis;

namespace KzBot.Core.Text;

/// <summary>
/// The one test for "an absolute http(s) URL": anything else (file:, javascript:, relative paths) is never shown as a
/// link, fetched, or accepted as an endpoint.
/// </summary>
public static class WebLink
{
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out Uri? uri)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp))
        {
            uri = parsed;
            return true;
        }

        uri = null;
        return false;
    }

    public static bool IsHttp([NotNullWhen(true)] string? value) => TryParse(value, out _);
}
