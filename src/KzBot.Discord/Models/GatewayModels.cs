namespace KzBot.Discord.Models;

/// <summary><c>GET /gateway/bot</c>.</summary>
internal sealed record GatewayBotInfo
{
    public string Url { get; init; } = "";

    public int Shards { get; init; } = 1;

    public SessionStartLimit? SessionStartLimit { get; init; }
}

internal sealed record SessionStartLimit
{
    public int Total { get; init; }

    public int Remaining { get; init; }

    /// <summary>Milliseconds until <see cref="Remaining"/> resets.</summary>
    public long ResetAfter { get; init; }

    /// <summary>Identifies allowed per 5 seconds.</summary>
    public int MaxConcurrency { get; init; } = 1;
}

internal sealed record HelloData
{
    public int HeartbeatInterval { get; init; }
}

internal sealed record ReadyData
{
    public DiscordUser? User { get; init; }

    public string SessionId { get; init; } = "";

    public string ResumeGatewayUrl { get; init; } = "";

    public ReadyApplication? Application { get; init; }
}

internal sealed record ReadyApplication
{
    public string Id { get; init; } = "";
}

internal sealed record IdentifyData(string Token, int Intents, IdentifyProperties Properties, int[] Shard);

internal sealed record IdentifyProperties(string Os, string Browser, string Device);

internal sealed record ResumeData(string Token, string SessionId, long? Seq);

/// <summary>GUILD_CREATE, reduced to what admin checks and role mentions need.</summary>
internal sealed record GuildCreateData
{
    public string Id { get; init; } = "";

    public string? OwnerId { get; init; }

    public List<DiscordRole> Roles { get; init; } = [];
}

internal sealed record DiscordRole
{
    public string Id { get; init; } = "";

    public string Permissions { get; init; } = "0";

    public bool Managed { get; init; }

    public RoleTags? Tags { get; init; }
}

internal sealed record RoleTags
{
    public string? BotId { get; init; }
}

/// <summary>GUILD_ROLE_CREATE / GUILD_ROLE_UPDATE.</summary>
internal sealed record GuildRoleEventData
{
    public string GuildId { get; init; } = "";

    public DiscordRole? Role { get; init; }
}
