using KzBot.Core.Resilience;

namespace KzBot.Benchmarks;

/// <summary>Latency samples in milliseconds, summarised the way the README table reports them.</summary>
public sealed record Percentiles(double P50, double P95, double P99, int Count)
{
    public static Percentiles Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        return new Percentiles(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted.Count);
    }

    public override string ToString() => FormattableString.Invariant($"{P50:F1} / {P95:F1} / {P99:F1}");

    // No samples is printed as NaN here: a benchmark row without measurements must not read as 0 ms.
    private static double At(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : Percentile.Of(sorted, p);
}
