using System.ComponentModel.DataAnnotations;

namespace KzBot.Telegram.Hosting;

public enum TelegramMode
{
    /// <summary>Long polling with getUpdates: works anywhere, needs no public address.</summary>
    Polling,

    /// <summary>Telegram POSTs updates to <see cref="TelegramOptions.WebhookUrl"/>; for deployments behind a load balancer.</summary>
    Webhook,
}

/// <summary>The <c>Telegram</c> section. The bot runs only when <see cref="BotToken"/> is set.</summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>From BotFather. Environment (<c>KZBOT__Telegram__BotToken</c>) or user secrets only, never committed.</summary>
    [Required(AllowEmptyStrings = false)]
    public string BotToken { get; set; } = "";

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>Another Bot API server (self-hosted, or a test fake); empty means api.telegram.org.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Webhook mode: the public HTTPS address Telegram posts to; its path is the path served locally.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Webhook mode: sent back by Telegram in <c>X-Telegram-Bot-Api-Secret-Token</c>; 1–256 of A–Z, a–z, 0–9, _ and -.</summary>
    public string? WebhookSecretToken { get; set; }

    /// <summary>Webhook mode: where the local endpoint listens (port 0 picks a free port).</summary>
    public string WebhookListenUrl { get; set; } = "http://0.0.0.0:8443";

    /// <summary>Telegram user ids allowed to run /reload and /stats.</summary>
    public List<long> AdminUserIds { get; set; } = [];

    /// <summary>Updates processed at once; updates of one chat are always processed in order.</summary>
    [Range(1, 256)]
    public int MaxConcurrentUpdates { get; set; } = 8;

    /// <summary>Received updates waiting to be processed; when full, receiving waits instead of dropping.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Messages sent to one chat per second (Telegram allows about 1); 0 turns the limit off.</summary>
    [Range(0.0, 100.0)]
    public double MessagesPerSecondPerChat { get; set; } = 1;

    /// <summary>Messages sent in total per second (Telegram allows about 30); 0 turns the limit off.</summary>
    [Range(0.0, 10_000.0)]
    public double MessagesPerSecondOverall { get; set; } = 25;

    /// <summary>First wait after a failed getUpdates or start-up call; doubles up to <see cref="RetryDelayMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one getUpdates long poll may take (the library uses it as both the poll and the HTTP timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PollingTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Telegram shows "typing…" for about 5 s, so it is repeated at this interval while an answer is composed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:05")]
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(4);
}
