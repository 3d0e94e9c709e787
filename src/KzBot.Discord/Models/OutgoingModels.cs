namespace KzBot.Discord.Models;

/// <summary>
/// Body of create/edit message, interaction responses and follow-ups. <see cref="AllowedMentions"/> is always set, so
/// nothing the bot sends can ping anyone (Discord's default for a missing field is to parse every mention).
/// </summary>
internal sealed record MessagePayload
{
    public string? Content { get; init; }

    public List<Embed>? Embeds { get; init; }

    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;

    public List<Component>? Components { get; init; }

    public MessageReference? MessageReference { get; init; }

    public string? Nonce { get; init; }

    public bool? EnforceNonce { get; init; }

    public int? Flags { get; init; }
}

internal sealed record AllowedMentions(IReadOnlyList<string> Parse)
{
    public static readonly AllowedMentions None = new([]);
}

internal static class MessageFlags
{
    public const int Ephemeral = 64;
}

internal sealed record Embed
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    public int? Color { get; init; }

    public EmbedFooter? Footer { get; init; }
}

internal sealed record EmbedFooter(string Text);

internal sealed record Component
{
    public int Type { get; init; }

    public int? Style { get; init; }

    public string? Label { get; init; }

    public string? CustomId { get; init; }

    public ComponentEmoji? Emoji { get; init; }

    public List<Component>? Components { get; init; }
}

internal sealed record ComponentEmoji(string Name);

internal sealed record InteractionResponse(int Type, MessagePayload? Data = null);

internal static class InteractionCallback
{
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;
}

internal sealed record ApplicationCommand
{
    public string Name { get; init; } = "";

    public int Type { get; init; } = 1;

    public string Description { get; init; } = "";

    public List<CommandOption>? Options { get; init; }

    /// <summary>A permission bitset as a decimal string; null means everyone.</summary>
    public string? DefaultMemberPermissions { get; init; }

    public List<int>? Contexts { get; init; }
}

internal sealed record CommandOption
{
    public int Type { get; init; }

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public bool? Required { get; init; }

    public int? MaxLength { get; init; }
}

/// <summary>A 429 body.</summary>
internal sealed record RateLimitBody
{
    public double RetryAfter { get; init; }

    public bool Global { get; init; }

    public string? Message { get; init; }
}

internal sealed record DiscordErrorBody
{
    public int Code { get; init; }

    public string? Message { get; init; }
}
