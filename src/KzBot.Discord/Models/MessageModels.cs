namespace KzBot.Discord.Models;

internal sealed record DiscordUser
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    public string? GlobalName { get; init; }

    public bool? Bot { get; init; }
}

internal sealed record GuildMember
{
    public DiscordUser? User { get; init; }

    public List<string> Roles { get; init; } = [];

    /// <summary>Only in interactions: the member's permissions in the channel, a decimal string.</summary>
    public string? Permissions { get; init; }
}

internal sealed record MessageReference
{
    public string? MessageId { get; init; }

    public string? ChannelId { get; init; }

    public bool? FailIfNotExists { get; init; }
}

/// <summary>A message as Discord sends it (MESSAGE_CREATE, REST responses).</summary>
internal sealed record DiscordMessage
{
    public string Id { get; init; } = "";

    public string ChannelId { get; init; } = "";

    public string? GuildId { get; init; }

    public DiscordUser? Author { get; init; }

    public GuildMember? Member { get; init; }

    public string? Content { get; init; }

    public int Type { get; init; }

    public string? WebhookId { get; init; }

    public List<DiscordUser> Mentions { get; init; } = [];

    public List<string> MentionRoles { get; init; } = [];

    public MessageReference? MessageReference { get; init; }

    public DiscordMessage? ReferencedMessage { get; init; }
}
