using System.Globalization;

namespace KzBot.Benchmarks;

public sealed record BenchArgs(string Csv, string Work, IReadOnlyList<int> Scales, int Rounds, string Questions, int TargetChunks, string Seeds, bool Reuse)
{
    public static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static BenchArgs Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

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
