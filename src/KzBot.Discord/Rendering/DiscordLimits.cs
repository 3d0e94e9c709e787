namespace KzBot.Discord.Rendering;

/// <summary>Discord's documented limits (characters; UTF-16 length is never below the code-point count, so it is safe).</summary>
internal static class DiscordLimits
{
    public const int MessageContent = 2000;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFooter = 2048;
    public const int EmbedsTotal = 6000;
    public const int EmbedsPerMessage = 10;
    public const int ButtonLabel = 80;
}
