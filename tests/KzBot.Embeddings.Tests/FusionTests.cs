namespace KzBot.Embeddings.Tests;

public class FusionTests
{
    [Fact]
    public void A_passage_both_searches_find_outranks_one_only_either_finds_first()
    {
        var fused = ReciprocalRankFusion.Fuse([[1, 2, 3], [4, 2, 5]], 60);

        Assert.Equal(2, fused[0].Key);
        Assert.Equal(5, fused.Count);
    }

    [Fact]
    public void Vector_search_returns_the_nearest_chunks_best_first()
    {
        float[] matrix = [1, 0, 0, /**/ 0, 1, 0, /**/ 0.8f, 0.6f, 0];
        var snapshot = VectorSnapshot.FromMatrix(matrix, [10, 20, 30], 3, 3);

        var hits = VectorIndex.Search(snapshot, new float[] { 1, 0, 0 }, 2);

        Assert.Equal([10L, 30L], hits.Select(h => h.ChunkKey));
        Assert.Equal(0.8f, hits[1].Similarity, 3);
    }
}
