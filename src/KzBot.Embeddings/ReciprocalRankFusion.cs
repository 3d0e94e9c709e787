namespace KzBot.Embeddings;

/// <summary>
/// Reciprocal rank fusion: score(d) = Σ 1 / (k + rank_i(d)) over the lists that contain d. It needs no
/// calibration between BM25 scores and cosine similarities, only ranks, which is why it fuses them.
/// </summary>
public static class ReciprocalRankFusion
{
    public static List<(long Key, double Score)> Fuse(IEnumerable<IReadOnlyList<long>> rankings, int k)
    {
        var scores = new Dictionary<long, double>();
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                scores[ranking[rank]] = scores.GetValueOrDefault(ranking[rank]) + (1.0 / (k + rank + 1));
            }
        }

        return scores.Select(kv => (kv.Key, kv.Value)).OrderByDescending(x => x.Value).ThenBy(x => x.Key).ToList();
    }
}
