using System.Net;

namespace KzBot.Discord.Rest;

/// <summary>A failed REST call. The message names the route template, never a token.</summary>
public sealed class DiscordApiException(HttpStatusCode status, int code, string route, string? detail)
    : Exception($"Discord {route} failed: {(int)status} {status}{(code != 0 ? $", code {code}" : "")}{(detail is null ? "" : $": {detail}")}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>Discord's JSON error code (10062 unknown interaction, 50013 missing permissions…), or 0.</summary>
    public int Code { get; } = code;
}
