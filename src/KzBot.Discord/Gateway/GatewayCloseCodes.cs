namespace KzBot.Discord.Gateway;

internal enum CloseAction
{
    /// <summary>Reconnect to the resume URL and resume; Discord replays what was missed.</summary>
    Resume,

    /// <summary>The session is gone: reconnect to the gateway URL and identify.</summary>
    Identify,

    /// <summary>Reconnecting cannot help; stop this shard and tell the operator.</summary>
    Fatal,
}

/// <summary>What to do after the gateway closed with a code (Discord's close-code table, as the mature libraries apply it).</summary>
internal static class GatewayCloseCodes
{
    public static CloseAction Classify(int? code) => code switch
    {
        null => CloseAction.Resume,
        4004 or (>= 4010 and <= 4014) => CloseAction.Fatal,
        4003 or 4005 or 4007 or 4009 => CloseAction.Identify,
        // A server-sent 1000/1001 ends the session.
        1000 or 1001 => CloseAction.Identify,
        _ => CloseAction.Resume,
    };

    public static string FatalMessage(int code) => code switch
    {
        4004 => "Discord: the token was rejected (close 4004) — check Discord:BotToken; it may have been reset.",
        4010 => "Discord rejected the shard (close 4010). Check Discord:ShardId and Discord:ShardCount.",
        4011 => "Discord requires sharding for this bot (close 4011). Unset Discord:ShardCount to use the recommended count, or raise it.",
        4012 => "Discord rejected the gateway version (close 4012).",
        4013 => "Discord rejected the intents (close 4013).",
        4014 => "Discord refused the Message Content intent (close 4014). Enable \"Message Content Intent\" for the bot in the Discord developer portal, or set Discord:MessageContentIntent to false.",
        _ => $"Discord closed the gateway with {code}.",
    };
}
