namespace KzBot.Discord.Gateway;

internal static class GatewayUrls
{
    /// <summary>Both the cached URL and the resume URL need the version and encoding (READY's resume URL has no query).</summary>
    public static Uri WithQuery(string url)
    {
        var builder = new UriBuilder(url);
        if (builder.Path is "" or "/")
        {
            builder.Path = "/";
        }

        builder.Query = "v=10&encoding=json";
        return builder.Uri;
    }
}
