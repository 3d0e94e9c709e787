using KzBot.Core.Options;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Retrieval;

/// <summary>
/// What the indexed sources are about, for texts that tell users what to ask: the title words that
/// <see cref="EvidenceScorer.IsTopic"/> counts as the topic, spelled as the titles spell them, most widespread first.
/// Empty for a corpus with no common topic (or none indexed yet).
/// </summary>
public sealed class CorpusTopic(ICorpusStore store, IOptions<RetrievalOptions> options)
{
    // Topic words are in most passages, so a few titles hold them; reading every title would grow with the corpus.
    private const int TitlesRead = 20;
    private const int MaxWords = 3;

    private readonly HashSet<string> _hint = new(options.Value.TopicTerms, StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<string>> WordsAsync(CancellationToken cancellationToken)
    {
        var summary = await store.GetDocumentSummaryAsync(TitlesRead, cancellationToken);
        var spelled = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var title in summary.SampleTitles)
        {
            foreach (var (start, length) in Terms.Tokens(title))
            {
                var word = title.Substring(start, length);
                var lower = word.ToLowerInvariant();
                if (!Terms.IsStopWord(lower) && !char.IsDigit(lower[0]))
                {
                    spelled.TryAdd(lower, word);
                }
            }
        }

        if (spelled.Count == 0)
        {
            return [];
        }

        var stats = await store.GetTermStatisticsAsync(spelled.Keys, cancellationToken);
        return spelled.Keys
            .Select(w => (Word: w, Df: stats.DocumentFrequency.GetValueOrDefault(w)))
            .Where(x => EvidenceScorer.IsTopic(x.Word, x.Df, stats, _hint))
            .OrderByDescending(x => x.Df)
            .Take(MaxWords)
            .Select(x => spelled[x.Word])
            .ToList();
    }
}
