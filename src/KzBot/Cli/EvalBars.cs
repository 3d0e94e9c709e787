using System.Globalization;

namespace KzBot.Cli;

/// <summary>
/// The quality bars of one eval run, each applied to every question file on its own: a file passes when it
/// meets every bar that concerns it (a file with no must-refuse questions has no refusal bar to meet).
/// Citations must always be exact spans of the indexed text.
/// </summary>
/// <param name="MinAnswered">Share of the answerable questions answered correctly (--min-answered).</param>
/// <param name="MinRefused">Share of the must-refuse questions refused (--min-refused).</param>
/// <param name="MinByKind">Share correct among the questions of one kind (--min KIND=SHARE).</param>
internal sealed record EvalBars(double? MinAnswered, double? MinRefused, IReadOnlyDictionary<string, double> MinByKind)
{
    /// <summary>
    /// Without options: questions worded as the sources ("fact") at 90 %, every refusal; paraphrases are
    /// reported, not gated.
    /// </summary>
    public static EvalBars Default { get; } = new(null, 1.0, new Dictionary<string, double>(StringComparer.Ordinal) { ["fact"] = 0.90 });

    public static EvalBars From(CliArguments cli)
    {
        var answered = Single(cli, "--min-answered");
        var refused = Single(cli, "--min-refused");
        var byKind = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var spec in cli.Values.GetValueOrDefault("--min") ?? [])
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliUsageException($"--min needs KIND=SHARE, for example --min fact=0.9 (got '{spec}').");
            }

            byKind[spec[..eq]] = Share("--min " + spec[..eq], spec[(eq + 1)..]);
        }

        return answered is null && refused is null && byKind.Count == 0 ? Default : new EvalBars(answered, refused, byKind);
    }

    public List<EvalBarCheck> Check(EvalSummary s)
    {
        var checks = new List<EvalBarCheck>();
        if (MinAnswered is { } a && s.Answerable > 0)
        {
            checks.Add(new EvalBarCheck("answered", s.AnsweredCorrectly, s.Answerable, a));
        }

        if (MinRefused is { } r && s.MustRefuse > 0)
        {
            checks.Add(new EvalBarCheck("refused", s.RefusedCorrectly, s.MustRefuse, r));
        }

        foreach (var (kind, min) in MinByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (s.ByKind.FirstOrDefault(k => k.Kind == kind) is { Total: > 0 } k)
            {
                checks.Add(new EvalBarCheck(kind, k.Correct, k.Total, min));
            }
        }

        if (s.Citations > 0)
        {
            checks.Add(new EvalBarCheck("citations", s.ValidCitations, s.Citations, 1.0));
        }

        return checks;
    }

    private static double? Single(CliArguments cli, string option) =>
        cli.Values.GetValueOrDefault(option) is { Count: > 0 } values ? Share(option, values[^1]) : null;

    /// <summary>"0.85", "85%" or "85 %".</summary>
    private static double Share(string option, string text)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (!double.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new CliUsageException($"{option} needs a share such as 0.85 or 85% (got '{text}').");
        }

        value = percent ? value / 100 : value;
        return value is >= 0 and <= 1
            ? value
            : throw new CliUsageException($"{option} must be between 0 and 1 (or 0% and 100%), got '{text}'.");
    }
}

/// <summary>One bar as applied to one file.</summary>
internal sealed record EvalBarCheck(string Name, int Correct, int Total, double Min)
{
    public double Actual => (double)Correct / Total;

    // Compared as counts so that a bar equal to a share (say 1/3) is met by exactly that share.
    public bool Passed => Correct >= Math.Ceiling((Min * Total) - 1e-9);
}
