using System.Text.Json.Serialization;

namespace KzBot.Discord.Models;

/// <summary>
/// Source-generated JSON for every payload. Snake case, and null fields omitted so nothing is cleared by accident;
/// fields that must be written as null (the heartbeat's <c>d</c>) are written by hand in <see cref="Gateway.GatewayFrames"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GatewayBotInfo))]
[JsonSerializable(typeof(HelloData))]
[JsonSerializable(typeof(ReadyData))]
[JsonSerializable(typeof(IdentifyData))]
[JsonSerializable(typeof(ResumeData))]
[JsonSerializable(typeof(GuildCreateData))]
[JsonSerializable(typeof(GuildRoleEventData))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(MessagePayload))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(List<ApplicationCommand>))]
[JsonSerializable(typeof(RateLimitBody))]
[JsonSerializable(typeof(DiscordErrorBody))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
