namespace KzBot.TestSupport;

/// <summary>The repository the tests run in: its root (found from the test binaries) and the seed article.</summary>
public static class Repo
{
    public const string SeedFile = "000_2430754713510b96.txt";

    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KzBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("KzBot.sln not found above " + AppContext.BaseDirectory);
    }
}
