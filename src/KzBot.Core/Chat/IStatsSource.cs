namespace KzBot.Core.Chat;

/// <summary>A part outside Core (a platform's connection) that adds its own lines to /stats.</summary>
public interface IStatsSource
{
    IEnumerable<string> StatsLines();
}
