using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace KzBot.Core.Retrieval;

/// <summary>
/// What the lexical evidence for a question looks like, measured on the best passage's best sentence (or pair).
/// These are the inputs of the calibrated decision; <c>eval --features</c> writes them for fitting. Each is
/// evidence for answering (the fit keeps their weights at zero or above) except <see cref="UnseenShare"/>;
/// <see cref="RelatedCoverage"/> is the part of the coverage only related words give: people asking in their
/// own words match the text through synonyms, while a near miss tends to repeat the text's words.
/// </summary>
public sealed record GateFeatures(
    double Coverage,
    double RelatedCoverage,
    double DistinctiveShare,
    bool RarestMatched,
    bool CoversDistinctive,
    bool NamesMatched,
    bool TypeFits,
    bool MentionsTopic,
    double UnseenShare)
{
    public static readonly string[] Names =
        ["coverage", "related_coverage", "distinctive_share", "rarest_matched", "covers_distinctive", "names_matched", "type_fits", "mentions_topic", "unseen_share"];

    public double[] Vector() =>
        [Coverage, RelatedCoverage, DistinctiveShare, B(RarestMatched), B(CoversDistinctive), B(NamesMatched), B(TypeFits), B(MentionsTopic), UnseenShare];

    public string ToTsv() => string.Join('\t', Vector().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static double B(bool b) => b ? 1 : 0;
}

/// <summary>
/// The decision to answer: a logistic model over <see cref="GateFeatures"/>, fitted on the dev question sets by
/// Gate/fit.sh (beside this file) and embedded as gate-model.json; answers when the probability reaches its
/// threshold (chosen there so that a set share of the dev must-refuse questions are refused, see Gate/fit.py).
/// </summary>
public sealed class AnswerGate
{
    private readonly double[] _weights;
    private readonly double _bias;

    private AnswerGate(double[] weights, double bias, double threshold)
    {
        _weights = weights;
        _bias = bias;
        Threshold = threshold;
    }

    public double Threshold { get; }

    /// <summary>The model embedded in this assembly (immutable, loaded once).</summary>
    public static AnswerGate Default => Loaded.Value;

    private static readonly Lazy<AnswerGate> Loaded = new(Load);

    public double Probability(GateFeatures features)
    {
        var x = features.Vector();
        var z = _bias;
        for (var i = 0; i < x.Length; i++)
        {
            z += _weights[i] * x[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    public bool Accepts(GateFeatures features) => Probability(features) >= Threshold;

    private static AnswerGate Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("KzBot.Core.Retrieval.gate-model.json")
            ?? throw new InvalidOperationException("Embedded gate-model.json is missing from the build.");
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var names = root.GetProperty("features").EnumerateArray().Select(e => e.GetString()).ToArray();
        if (!names.SequenceEqual(GateFeatures.Names))
        {
            throw new InvalidOperationException("gate-model.json was fitted on other features; re-run src/KzBot.Core/Retrieval/Gate/fit.sh.");
        }

        return new AnswerGate(
            root.GetProperty("weights").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
            root.GetProperty("bias").GetDouble(),
            root.GetProperty("threshold").GetDouble());
    }
}
