namespace KzBot.Benchmarks;

/// <summary>What else the machine was doing while a benchmark ran, printed beside its numbers.</summary>
public static class Machine
{
    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
