namespace KzBot.Core.Chat;

/// <summary>
/// A platform event reduced to what the engine needs. Adapters fill it in and decide nothing else:
/// whether to answer is the <see cref="ChatEngine"/>'s call.
/// </summary>
public sealed record IncomingMessage
{
    /// <summary>"telegram", "discord", "console"…; part of every key (rate limits, audit, context).</summary>
    public required string Platform { get; init; }

    public required string ChatId { get; init; }

    public required string UserId { get; init; }

    public string? UserName { get; init; }

    /// <summary>The text as the user wrote it, with the bot's own mention already removed by the adapter.</summary>
    public required string Text { get; init; }

    /// <summary>Decided by the adapter from the platform's own notion of admin (configured ids, permissions).</summary>
    public bool IsAdmin { get; init; }

    public bool IsFromBot { get; init; }

    /// <summary>A private chat / DM: every message is for the bot.</summary>
    public bool IsDirect { get; init; }

    /// <summary>The message mentions the bot (user mention, role mention, @username).</summary>
    public bool MentionsBot { get; init; }

    /// <summary>The message replies to one of the bot's own messages.</summary>
    public bool RepliesToBot { get; init; }

    /// <summary>The channel is configured to have every message answered.</summary>
    public bool ChannelAnswersAll { get; init; }

    /// <summary>Set when the message replies to one of the bot's answers: that answer's id, for follow-ups.</summary>
    /// <remarks>Adapters may leave it empty and set <see cref="ReplyToMessageId"/>; the <see cref="ChatTurn"/> finds the answer.</remarks>
    public string? ReplyToAnswerId { get; init; }

    /// <summary>The platform id of the bot message this message replies to, when it replies to one.</summary>
    public string? ReplyToMessageId { get; init; }

    /// <summary>
    /// True where commands reach the bot as their own events (Discord's slash commands): there a text that merely
    /// starts with "/" is a command only when the message is addressed to the bot. Telegram delivers "/command" to
    /// the bot in groups, so there it is always one.
    /// </summary>
    public bool TextCommandsNeedAddressing { get; init; }

    /// <summary>The platform's guild/server id, when there is one (audit).</summary>
    public string? GuildId { get; init; }

    /// <summary>A file sent with the message (a Telegram document, a Discord attachment), downloaded only if a command needs it.</summary>
    public IncomingFile? Attachment { get; init; }

    public bool IsAddressedToBot => IsDirect || MentionsBot || RepliesToBot || ChannelAnswersAll;
}

/// <summary>A file that came with a message; <see cref="DownloadAsync"/> fetches at most the given number of bytes.</summary>
public sealed record IncomingFile(string FileName, long? Size, string? MediaType, Func<long, CancellationToken, Task<byte[]>> DownloadAsync);
