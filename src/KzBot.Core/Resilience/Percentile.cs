namespace KzBot.Core.Resilience;

/// <summary>Nearest-rank percentiles of latencies.</summary>
public static class Percentile
{
    /// <summary>
    /// The value at rank ⌈p·n⌉ of <paramref name="sorted"/> (ascending). With no samples there is no latency to
    /// report, so the result is 0, which /stats and the evaluation print as such.
    /// </summary>
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
