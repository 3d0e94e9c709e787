using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KzBot.Discord.Models;
using Microsoft.Extensions.Options;

namespace KzBot.Discord.Rest;

/// <summary>
/// Discord REST v10 over the named <see cref="HttpClient"/> <c>"discord"</c>. Every call goes through the
/// <see cref="RestRateLimiter"/>; none is retried blindly except after a 429, which Discord did not process.
/// </summary>
internal sealed class DiscordRestClient(IHttpClientFactory httpClientFactory, RestRateLimiter limiter, IOptions<DiscordOptions> options)
{
    public const string HttpClientName = "discord";

    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "gateway/bot", null, DiscordJsonContext.Default.GatewayBotInfo, ct)!;

    public Task<DiscordMessage> CreateMessageAsync(string channelId, MessagePayload message, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"channels/{channelId}/messages", Json(message, DiscordJsonContext.Default.MessagePayload), DiscordJsonContext.Default.DiscordMessage, ct)!;

    public Task TriggerTypingAsync(string channelId, CancellationToken ct) =>
        SendAsync<object>(HttpMethod.Post, $"channels/{channelId}/typing", null, null, ct);

    /// <summary>Replaces every command of the application, globally or in one guild.</summary>
    public Task OverwriteCommandsAsync(string applicationId, string? guildId, List<ApplicationCommand> commands, CancellationToken ct) =>
        SendAsync<object>(
            HttpMethod.Put,
            guildId is null ? $"applications/{applicationId}/commands" : $"applications/{applicationId}/guilds/{guildId}/commands",
            Json(commands, DiscordJsonContext.Default.ListApplicationCommand),
            null,
            ct);

    public Task RespondToInteractionAsync(string interactionId, string token, InteractionResponse response, CancellationToken ct) =>
        SendAsync<object>(HttpMethod.Post, $"interactions/{interactionId}/{token}/callback", Json(response, DiscordJsonContext.Default.InteractionResponse), null, ct);

    public Task EditOriginalResponseAsync(string applicationId, string token, MessagePayload message, CancellationToken ct) =>
        SendAsync<object>(HttpMethod.Patch, $"webhooks/{applicationId}/{token}/messages/@original", Json(message, DiscordJsonContext.Default.MessagePayload), null, ct);

    public Task DeleteOriginalResponseAsync(string applicationId, string token, CancellationToken ct) =>
        SendAsync<object>(HttpMethod.Delete, $"webhooks/{applicationId}/{token}/messages/@original", null, null, ct);

    public Task<DiscordMessage> CreateFollowupAsync(string applicationId, string token, MessagePayload message, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"webhooks/{applicationId}/{token}", Json(message, DiscordJsonContext.Default.MessagePayload), DiscordJsonContext.Default.DiscordMessage, ct)!;

    private static byte[] Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T>? responseType, CancellationToken ct)
    {
        var route = RestRoute.For(method, path);
        var http = httpClientFactory.CreateClient(HttpClientName);
        using var response = await limiter.SendAsync(
            route,
            token =>
            {
                // A request message cannot be sent twice, so each attempt gets a new one.
                var request = new HttpRequestMessage(method, path);
                if (!route.IsInteraction)
                {
                    // Interaction routes authenticate with the token in the path; discord.js and NetCord send no bot token there.
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bot", options.Value.BotToken);
                }

                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }

                return http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            },
            ct);

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(route, response, ct);
        }

        if (responseType is null || response.StatusCode == HttpStatusCode.NoContent)
        {
            return default;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return JsonSerializer.Deserialize(bytes, responseType);
    }

    private static async Task<DiscordApiException> ErrorAsync(RestRoute route, HttpResponseMessage response, CancellationToken ct)
    {
        DiscordErrorBody? error = null;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            error = JsonSerializer.Deserialize(bytes, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
        }

        return new DiscordApiException(response.StatusCode, error?.Code ?? 0, route.Key, error?.Message);
    }
}
