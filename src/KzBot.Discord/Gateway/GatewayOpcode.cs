namespace KzBot.Discord.Gateway;

internal static class GatewayOpcode
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
}

internal static class GatewayIntents
{
    public const int Guilds = 1 << 0;
    public const int GuildMessages = 1 << 9;
    public const int DirectMessages = 1 << 12;
    public const int MessageContent = 1 << 15;

    public static int For(bool messageContent) => Guilds | GuildMessages | DirectMessages | (messageContent ? MessageContent : 0);
}
