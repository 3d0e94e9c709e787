namespace KzBot.TestSupport;

/// <summary>A temporary folder per test host: a <c>sources</c> folder to index and room for the SQLite store.</summary>
public static class TestWorkspace
{
    /// <summary>Creates the folder and its empty <c>sources</c> folder; returns both paths.</summary>
    public static (string Root, string Sources) Create(string prefix)
    {
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        var sources = Path.Combine(root, "sources");
        Directory.CreateDirectory(sources);
        return (root, sources);
    }

    /// <summary>Copies the repository's seed documents into <paramref name="sources"/>.</summary>
    public static void CopySeeds(string sources)
    {
        foreach (var seed in Directory.EnumerateFiles(Repo.Seeds))
        {
            File.Copy(seed, Path.Combine(sources, Path.GetFileName(seed)));
        }
    }

    /// <summary>
    /// The settings every test host starts from: its own store and sources, no rate limit, and BM25 only unless
    /// a test is about embeddings — loading the model in every host would cost CI ~2 s each, and
    /// KzBot.Embeddings.Tests covers hybrid retrieval.
    /// </summary>
    public static Dictionary<string, string?> HostSettings(string root, string sources, string embeddings = "None") => new()
    {
        ["Storage:Path"] = Path.Combine(root, "kzbot.db"),
        ["Sources:Folders:0"] = sources,
        ["Sources:ManagedFolder"] = Path.Combine(root, "added"),
        ["RateLimits:QuestionsPerWindow"] = "0",
        ["Retrieval:Embeddings"] = embeddings,
    };

    /// <summary>Deletes the folder once the host is gone; pooled SQLite connections would keep the file open.</summary>
    public static void Delete(string root)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background task; the OS cleans temp folders.
        }
    }
}
