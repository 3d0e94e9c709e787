namespace KzBot.Discord.Rest;

/// <summary>
/// A request's rate-limit identity: <see cref="Key"/> is the method plus the path with ids and tokens replaced
/// (safe to log), <see cref="Major"/> the top-level resource Discord counts separately (channel, guild, webhook).
/// </summary>
internal sealed record RestRoute(string Key, string Major)
{
    public static RestRoute For(HttpMethod method, string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var segments = (query < 0 ? path : path[..query]).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var template = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            // Interaction and webhook tokens are credentials: never part of a key that may be logged.
            var isToken = i == 2 && segments[0] is "webhooks" or "interactions";
            template[i] = isToken ? ":token" : segments[i].All(char.IsAsciiDigit) ? ":id" : segments[i];
        }

        var major = segments.Length >= 2 && segments[0] is "channels" or "guilds" or "webhooks" or "interactions"
            ? segments[0] == "webhooks" && segments.Length >= 3 ? segments[1] + "/" + segments[2] : segments[1]
            : "global";
        return new RestRoute(method.Method + " " + string.Join('/', template), major);
    }

    /// <summary>Interaction callbacks and webhook-token routes authenticate by token and skip the global limit.</summary>
    public bool IsInteraction => Key.Contains("interactions/", StringComparison.Ordinal) || Key.Contains("webhooks/:id/:token", StringComparison.Ordinal);
}
