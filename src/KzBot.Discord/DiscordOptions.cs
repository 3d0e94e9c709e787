using System.ComponentModel.DataAnnotations;

namespace KzBot.Discord;

/// <summary>The <c>Discord</c> section. The bot runs only when <see cref="BotToken"/> is set (environment or user secrets).</summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    public const string DefaultApiBaseUrl = "https://discord.com/api/v10/";

    /// <summary>The bot token. Never put it in a file that is committed, and never log it.</summary>
    public string? BotToken { get; set; }

    /// <summary>Normally learned from READY; set it to register commands before the first READY.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>
    /// Ask for the privileged MESSAGE_CONTENT intent. Needed only for "answer everything" channels: DMs, mentions and
    /// replies to the bot carry their text without it. If it is not enabled in the developer portal, Discord closes with 4014.
    /// </summary>
    public bool MessageContentIntent { get; set; }

    /// <summary>Run only this shard (with <see cref="ShardCount"/>), so several processes can split the shards.</summary>
    [Range(0, 100_000)]
    public int? ShardId { get; set; }

    /// <summary>
    /// Run only these shards (with <see cref="ShardCount"/>): replicas split the shards between them, e.g. replica 0
    /// runs 0–3 of 8 and replica 1 runs 4–7. Takes the place of <see cref="ShardId"/>.
    /// </summary>
    public List<int> ShardIds { get; set; } = [];

    /// <summary>Total shards; unset means Discord's recommendation from <c>/gateway/bot</c>.</summary>
    [Range(1, 100_000)]
    public int? ShardCount { get; set; }

    /// <summary>Register slash commands to this guild only (instant updates while developing) instead of globally.</summary>
    public string? DevGuildId { get; set; }

    /// <summary>Channels where every message is answered, not only mentions.</summary>
    public List<string> AnswerAllChannelIds { get; set; } = [];

    /// <summary>Users who may run admin commands everywhere, in addition to members with Manage Server.</summary>
    public List<string> AdminUserIds { get; set; } = [];

    /// <summary>Register /ask, /sources, /help, /reload and /stats at start-up (bulk overwrite).</summary>
    public bool RegisterCommands { get; set; } = true;

    /// <summary>REST base; <c>/gateway/bot</c> under it also tells the gateway where to connect (tests point it at a fake).</summary>
    [Required(AllowEmptyStrings = false)]
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Overrides the gateway URL that <c>/gateway/bot</c> returns.</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>Messages and interactions handled at once.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 8;

    /// <summary>Discord's global REST limit per bot; interaction responses do not count.</summary>
    [Range(1, 10_000)]
    public int GlobalRequestsPerSecond { get; set; } = 50;
}
