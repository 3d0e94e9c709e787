using System.Text.Json;

namespace KzBot.Discord.Models;

internal static class InteractionType
{
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
}

internal sealed record Interaction
{
    public string Id { get; init; } = "";

    public string ApplicationId { get; init; } = "";

    public int Type { get; init; }

    public string Token { get; init; } = "";

    public string? GuildId { get; init; }

    public string? ChannelId { get; init; }

    public GuildMember? Member { get; init; }

    /// <summary>Set in DMs, where there is no member.</summary>
    public DiscordUser? User { get; init; }

    public InteractionData? Data { get; init; }

    public DiscordMessage? Message { get; init; }
}

internal sealed record InteractionData
{
    public string? Name { get; init; }

    public List<InteractionOption>? Options { get; init; }

    public string? CustomId { get; init; }

    public int? ComponentType { get; init; }

    /// <summary>The objects options refer to by id (an attachment option's value is the attachment's id).</summary>
    public InteractionResolved? Resolved { get; init; }
}

internal sealed record InteractionResolved
{
    public Dictionary<string, InteractionAttachment>? Attachments { get; init; }
}

internal sealed record InteractionAttachment
{
    public string Id { get; init; } = "";

    public string Filename { get; init; } = "";

    public long Size { get; init; }

    public string Url { get; init; } = "";

    public string? ContentType { get; init; }
}

internal sealed record InteractionOption
{
    public string Name { get; init; } = "";

    public int Type { get; init; }

    public JsonElement? Value { get; init; }

    public List<InteractionOption>? Options { get; init; }
}
