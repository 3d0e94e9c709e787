using System.ComponentModel.DataAnnotations;

namespace KzBot.Ops;

/// <summary>The operations endpoint (<c>Ops</c> section): health, readiness and metrics over HTTP, for <c>serve</c>.</summary>
public sealed class OpsOptions
{
    public const string Section = "Ops";

    /// <summary>Where to listen (<c>http://0.0.0.0:8080</c>; several separated by ';'). Unset: no endpoint.</summary>
    public string? Urls { get; set; }

    /// <summary>How long a platform may be reconnecting before the process reports itself not ready.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconnectBudget { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the store may take to answer the readiness probe.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
