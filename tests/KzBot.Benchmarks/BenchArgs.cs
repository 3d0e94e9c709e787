using System.Globalization;

namespace KzBot.Benchmarks;

public sealed record BenchArgs(string Csv, string Work, IReadOnlyList<int> Scales, int Rounds, string Questions, int TargetChunks, string Seeds, bool Reuse)
{
    public static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The value after <paramref name="name"/>, or null when it is not given.</summary>
    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Every value given after a repeatable <paramref name="name"/>.</summary>
    public static List<string> Options(string[] args, string name) =>
        args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToList();

    public static BenchArgs Parse(string[] args)
    {
        string Value(string name, string fallback) => Option(args, name) ?? fallback;

        var scales = Value("--scales", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        return new BenchArgs(
            Value("--csv", ""),
            Value("--work", Path.Combine(Path.GetTempPath(), "kzbot-bench")),
            scales,
            int.Parse(Value("--rounds", "3"), CultureInfo.InvariantCulture),
            Value("--questions", "tests/eval/questions.jsonl"),
            int.Parse(Value("--target-chunks", "150000"), CultureInfo.InvariantCulture),
            Value("--seeds", "seeds"),
            args.Contains("--reuse"));
    }
}
