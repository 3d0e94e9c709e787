using System.Text.RegularExpressions;

namespace KzBot.Core.Tests.Sources;

/// <summary>add FILE, sources, remove ID: the real executable, its output and exit codes.</summary>
public sealed partial class SourceCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kzbot-cli-sources-").FullName;

    [Fact]
    public async Task Add_lists_asks_before_removing_and_refuses_a_private_url()
    {
        var sources = Directory.CreateDirectory(Path.Combine(_root, "docs")).FullName;
        File.WriteAllText(Path.Combine(sources, "harbour.txt"), SourcesRig.Unrelated);
        var upload = Path.Combine(_root, "orvane.md");
        File.WriteAllText(upload, "# Orvane salt mine\n\nThe Orvane mine produces forty thousand tonnes of rock salt each year.\n");

        var added = await RunAsync(null, "add", upload);
        Assert.Equal(0, added.Code);
        Assert.Matches(@"^Added [a-z2-9]{6}: “Orvane salt mine” — orvane\.md \(1 passages\)\.", added.Stdout);
        Assert.True(File.Exists(Directory.GetFiles(Path.Combine(_root, "data", "sources")).Single()));

        var listed = await RunAsync(null, "sources");
        Assert.Equal(0, listed.Code);
        var id = AddedId().Match(listed.Stdout).Groups[1].Value;
        Assert.Contains($"[{id}] Orvane salt mine — upload orvane.md, added by console:local", listed.Stdout);
        Assert.Contains("Harbour notes — folder ", listed.Stdout);

        var kept = await RunAsync("n\n", "remove", id);
        Assert.Equal(1, kept.Code);
        Assert.StartsWith($"Remove {id} “Orvane salt mine” (1 passages)? [y/N]", kept.Stdout);
        Assert.Contains("Not removed.", kept.Stderr);

        var removed = await RunAsync(null, "remove", id, "--yes");
        Assert.Equal(0, removed.Code);
        Assert.StartsWith($"Removed {id} “Orvane salt mine” and its 1 passages.", removed.Stdout);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "data", "sources")));

        var refused = await RunAsync(null, "add", "http://169.254.169.254/latest/meta-data/");
        Assert.Equal(1, refused.Code);
        Assert.Contains("Could not add http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a link-local address", refused.Stderr);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private Task<CliResult> RunAsync(string? stdin, params string[] args) =>
        KzBotProcess.RunAsync([.. args, "--data", Path.Combine(_root, "data"), "--sources", Path.Combine(_root, "docs")], stdin);

    [GeneratedRegex(@"\[([a-z2-9]{6})\] Orvane")]
    private static partial Regex AddedId();
}
