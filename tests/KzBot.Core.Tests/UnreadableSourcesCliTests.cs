using System.Runtime.Versioning;

namespace KzBot.Core.Tests;

/// <summary>
/// Folders the bot's user cannot list, through the real CLI run as an unprivileged user (root reads everything,
/// so a root test run drops to nobody for the processes it checks).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class UnreadableSourcesCliTests : IDisposable
{
    private const UnixFileMode Open = (UnixFileMode)0b111_111_111;
    private const UnixFileMode Listable = (UnixFileMode)0b111_101_101;

    private readonly string _root = Directory.CreateTempSubdirectory("kzbot-cli-perm-").FullName;

    private string Sources => Path.Combine(_root, "S");

    private string Data => Path.Combine(_root, "D");

    public UnreadableSourcesCliTests()
    {
        File.SetUnixFileMode(_root, Listable);
        Directory.CreateDirectory(Sources);
        Directory.CreateDirectory(Data);
        File.SetUnixFileMode(Data, Open);
        TestWorkspace.CopySeeds(Sources);
        Directory.CreateDirectory(Path.Combine(Sources, "sub"));
        File.WriteAllText(Path.Combine(Sources, "sub", "note.txt"), "Note\n\nThe tenge recovered against the dollar in April.");
    }

    [Fact]
    public async Task An_unreadable_folder_or_subfolder_keeps_its_documents_and_index_exits_1()
    {
        var (code, stdout, stderr) = await RunAsync("index");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("2 added", stdout);

        File.SetUnixFileMode(Path.Combine(Sources, "sub"), UnixFileMode.None);
        (code, stdout, _) = await RunAsync("index");
        Assert.Equal(1, code);
        Assert.Contains("0 removed, 1 failed", stdout);
        Assert.Contains($"- {Sources}/sub/: folder cannot be listed: permission denied", stdout);
        (code, stdout, _) = await RunAsync("ask", "When did the tenge recover against the dollar?");
        Assert.Equal(0, code);
        Assert.Contains("April", stdout);

        File.SetUnixFileMode(Sources, UnixFileMode.None);
        (code, stdout, _) = await RunAsync("index");
        Assert.Equal(1, code);
        Assert.Contains("0 removed, 1 failed", stdout);
        Assert.Contains($"- {Sources}/: folder cannot be listed: permission denied", stdout);
        (code, stdout, _) = await RunAsync("ask", "How did Kazakhstan vote on the UN resolution condemning the invasion?");
        Assert.Equal(0, code);
        Assert.Contains("abstained", stdout);
        Assert.DoesNotContain("No sources are indexed", stdout);
    }

    public void Dispose()
    {
        File.SetUnixFileMode(Sources, Listable);
        File.SetUnixFileMode(Path.Combine(Sources, "sub"), Listable);
        TestWorkspace.Delete(_root);
    }

    private Task<CliResult> RunAsync(params string[] args) =>
        KzBotProcess.RunAsync([.. args, "--sources", Sources, "--data", Data], unprivileged: true);
}
