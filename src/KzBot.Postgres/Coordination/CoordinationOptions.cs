using System.ComponentModel.DataAnnotations;

namespace KzBot.Postgres.Coordination;

/// <summary>How replicas on one PostgreSQL database coordinate (<c>Coordination</c> section).</summary>
public sealed class CoordinationOptions
{
    public const string Section = "Coordination";

    /// <summary>
    /// How often a replica that is not the leader tries to become it, and how often the leader checks that the
    /// connection holding its lock is alive: a dead leader is replaced within about this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan ElectionInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the connection that listens for other replicas' reloads may stay silent before it reads the index
    /// version itself: that finds a connection that died without a word, and a reload whose notice was lost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IndexCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
