using System.Text;
using KzBot.Core.Ingestion;

namespace KzBot.Core.Tests;

/// <summary>Source folders as real disks have them: links, pipes, bombs, odd encodings and odd names.</summary>
public class HostileSourcesTests
{
    // Far above what any case here needs; a hang (the bugs these tests pin down) fails instead of blocking CI.
    internal static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private const string Question = "How did Kazakhstan vote on the UN resolution condemning the invasion?";

    private static Dictionary<string, string?> FollowLinks => new() { ["Sources:FollowSymlinks"] = "true" };

    private static Dictionary<string, string?> TextLimit => new() { ["Sources:MaxTextChars"] = "100000" };

    /// <summary>A host over the seed documents plus what <paramref name="add"/> writes beside them.</summary>
    private static TestHost SeedsAnd(Action<string> add, Dictionary<string, string?>? settings = null) =>
        TestHost.Create(
            dir =>
            {
                TestWorkspace.CopySeeds(dir);
                add(dir);
            },
            settings);

    [Fact]
    public async Task Symlink_loops_end_and_every_file_is_indexed_once()
    {
        await using var host = SeedsAnd(dir =>
        {
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.CreateSymbolicLink(Path.Combine(dir, "loop"), ".");
            File.CreateSymbolicLink(Path.Combine(dir, "sub", "up"), "..");
        });

        var report = await host.ReloadAsync().WaitAsync(Bound);

        Assert.Single(report.Added);
        Assert.Contains(report.Failed, f => f.Source.EndsWith("/loop", StringComparison.Ordinal) && f.Reason.Contains("symbolic link; not followed", StringComparison.Ordinal));
        Assert.Contains(report.Failed, f => f.Source.EndsWith("/sub/up", StringComparison.Ordinal));
        var answer = (await host.SayAsync(Question)).Answer!;
        Assert.Equal(answer.Citations.Count, answer.Citations.Select(c => c.Quote).Distinct().Count());
    }

    [Fact]
    public async Task Links_inside_the_folders_are_followed_when_allowed_and_loops_still_end()
    {
        await using var host = SeedsAnd(
            dir =>
            {
                Directory.CreateDirectory(Path.Combine(dir, "sub"));
                File.WriteAllText(Path.Combine(dir, "sub", "note.txt"), "Note\n\nThe tenge recovered against the dollar in April.");
                File.CreateSymbolicLink(Path.Combine(dir, "loop"), ".");
                File.CreateSymbolicLink(Path.Combine(dir, "sub", "up"), "..");
                File.CreateSymbolicLink(Path.Combine(dir, "alias.txt"), "sub/note.txt");
            },
            FollowLinks);

        var report = await host.ReloadAsync().WaitAsync(Bound);

        Assert.Empty(report.Failed);
        Assert.Equal(2, report.Added.Count);
        Assert.Contains(report.Added, k => k.EndsWith("/alias.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipes_and_devices_are_reported_and_never_opened()
    {
        await using var host = SeedsAnd(
            dir =>
            {
                Assert.Equal(0, Mono.Unix.Native.Syscall.mkfifo(Path.Combine(dir, "pipe.txt"), Mono.Unix.Native.FilePermissions.DEFFILEMODE));
                File.CreateSymbolicLink(Path.Combine(dir, "zero.txt"), "/dev/zero");
            },
            FollowLinks);

        var report = await host.ReloadAsync().WaitAsync(Bound);

        Assert.Single(report.Added);
        Assert.Contains(report.Failed, f => f.Source.EndsWith("/pipe.txt", StringComparison.Ordinal) && f.Reason.Contains("not a regular file (named pipe)", StringComparison.Ordinal));
        Assert.Contains(report.Failed, f => f.Source.EndsWith("/zero.txt", StringComparison.Ordinal) && f.Reason.Contains("outside the source folders", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_to_a_file_outside_the_folders_is_not_indexed_and_its_text_never_shown()
    {
        var secret = Path.Combine(Directory.CreateTempSubdirectory("kzbot-outside-").FullName, "passwd.txt");
        File.WriteAllText(secret, "root:x:0:0:root:/root:/bin/bash\n\nKazakhstan abstained in the vote on the resolution.");
        await using var host = TestHost.Create(
            dir =>
            {
                File.WriteAllText(Path.Combine(dir, "ok.txt"), "Ok\n\nAstana hosted talks on transit routes.");
                File.CreateSymbolicLink(Path.Combine(dir, "passwd.txt"), secret);
            },
            FollowLinks);

        var report = await host.ReloadAsync();

        Assert.Contains(report.Failed, f => f.Source.EndsWith("/passwd.txt", StringComparison.Ordinal) && f.Reason.Contains("outside the source folders", StringComparison.Ordinal));
        var sources = (await host.SayAsync("/sources")).Text!;
        Assert.DoesNotContain("root:x", sources);
        var refusal = (await host.SayAsync("What is the capital of Australia?")).Answer!;
        Assert.DoesNotContain("root:x", refusal.Text);
        Directory.Delete(Path.GetDirectoryName(secret)!, recursive: true);
    }

    [Fact]
    public async Task A_pdf_that_expands_past_the_text_limit_fails_and_is_not_parsed_again_until_it_changes()
    {
        await using var host = SeedsAnd(
            dir =>
            {
                File.WriteAllBytes(Path.Combine(dir, "bomb.pdf"), Pdfs.Compressed(300_000));
            },
            TextLimit);
        var bomb = Path.Combine(host.SourceDir, "bomb.pdf");

        var first = await host.ReloadAsync();
        var failure = Assert.Single(first.Failed);
        Assert.Contains("over the 100,000-character limit", failure.Reason);
        Assert.DoesNotContain("not read again", failure.Reason);

        // Unchanged, then only touched (same bytes, new time): reported from memory, not parsed.
        Assert.Contains("not read again", Assert.Single((await host.ReloadAsync()).Failed).Reason);
        File.SetLastWriteTimeUtc(bomb, DateTime.UtcNow.AddMinutes(3));
        Assert.Contains("not read again", Assert.Single((await host.ReloadAsync()).Failed).Reason);

        var forced = await host.Ingestor.ReloadAsync(force: true, CancellationToken.None);
        Assert.DoesNotContain("not read again", Assert.Single(forced.Failed).Reason);

        File.WriteAllBytes(bomb, Pdfs.Compressed(5_000));
        var fixedReport = await host.ReloadAsync();
        Assert.Empty(fixedReport.Failed);
        Assert.Contains(fixedReport.Added, k => k.EndsWith("/bomb.pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pdf_bomb_is_stopped_while_inflating_before_any_page_is_parsed()
    {
        await using var host = SeedsAnd(
            dir =>
            {
                File.WriteAllBytes(Path.Combine(dir, "bomb.pdf"), Pdfs.Compressed(20_000_000));
            },
            TextLimit);

        var report = await host.ReloadAsync().WaitAsync(Bound);

        Assert.Single(report.Added);
        Assert.Contains("compressed content expands to over 400,000 bytes", Assert.Single(report.Failed).Reason);
    }

    [Fact]
    public async Task One_enormous_sentence_becomes_bounded_passages_and_a_bounded_answer()
    {
        var words = string.Join(' ', Enumerable.Range(0, 150_000).Select(i => i % 97 == 0 ? "caspian" : "grain" + (i % 13)));
        await using var host = TestHost.Create(dir => File.WriteAllText(
            Path.Combine(dir, "huge.html"),
            $"<html><head><title>Grain report</title></head><body><p>{words}</p><p>Grain exports through the Caspian corridor doubled in spring.</p></body></html>"));

        var report = await host.ReloadAsync();
        Assert.Single(report.Added);

        var chunks = await host.Corpus.GetChunksAsync((await host.VectorStore.ListChunkHashesAsync(default)).Select(h => h.ChunkKey).ToList(), default);
        Assert.True(chunks.Count > 500, $"{chunks.Count} passages");
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, DocumentChunker.MaxChars));
        var answer = (await host.SayAsync("How did grain exports through the Caspian corridor change?")).Answer!;
        Assert.InRange(answer.Text.Length, 1, 4 * DocumentChunker.MaxChars);
        Assert.All(answer.Citations, c => Assert.InRange(c.Quote.Length, 1, DocumentChunker.MaxChars));
    }

    [Fact]
    public async Task A_path_too_long_to_list_is_reported_and_the_rest_of_its_folder_still_indexed()
    {
        await using var host = TestHost.Create(dir =>
        {
            File.WriteAllText(Path.Combine(dir, "a.txt"), "A\n\nAstana hosted talks on transit routes.");
            File.WriteAllText(Path.Combine(dir, "z.txt"), "Z\n\nThe tenge recovered against the dollar in April.");
            DeepFolders.Create(Path.Combine(dir, "m"), 5000);
        });

        try
        {
            var report = await host.ReloadAsync().WaitAsync(Bound);

            Assert.Equal(2, report.Added.Count);
            var failure = Assert.Single(report.Failed);
            Assert.Contains("/m/", failure.Source);
            Assert.Contains("path too long", failure.Reason);
            Assert.InRange(IndexReportText.Format(report).Length, 1, 1000);
        }
        finally
        {
            DeepFolders.Delete(Path.Combine(host.SourceDir, "m"));
        }
    }

    [Fact]
    public async Task Utf16_and_damaged_utf8_and_cp1251_files_are_read_and_the_guess_is_reported()
    {
        await using var host = TestHost.Create(dir =>
        {
            File.WriteAllText(Path.Combine(dir, "utf16.txt"), "Wide report\n\nThe tenge recovered against the dollar in April.", Encoding.Unicode);
            var damaged = Encoding.UTF8.GetBytes("Алматы обзор\n\nAstana hosted talks on transit routes near Алматы.").ToList();
            damaged.Insert(damaged.Count - 3, 0xFF);
            File.WriteAllBytes(Path.Combine(dir, "damaged.txt"), [.. damaged]);
            File.WriteAllBytes(
                Path.Combine(dir, "cp1251.txt"),
                CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes("Новости Казахстана\n\nПравительство Казахстана объявило о новых мерах поддержки фермеров и экспорта зерна в этом году."));
        });

        var report = await host.ReloadAsync();

        Assert.Empty(report.Failed);
        Assert.Equal(3, report.Added.Count);
        Assert.Contains(report.Notes, n => n.Source.EndsWith("/damaged.txt", StringComparison.Ordinal) && n.Text.Contains("1 invalid UTF-8 byte sequence replaced", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Source.EndsWith("/cp1251.txt", StringComparison.Ordinal) && n.Text.Contains("windows-1251", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Notes, n => n.Source.EndsWith("/utf16.txt", StringComparison.Ordinal));
        Assert.Contains("Indexed with a caveat", IndexReportText.Format(report));
        var titles = (await host.Corpus.ListDocumentsAsync(default)).Select(d => d.Title).ToList();
        Assert.Contains("Wide report", titles);
        Assert.Contains("Алматы обзор", titles);
        Assert.Contains("Новости Казахстана", titles);
        Assert.Contains("April", (await host.SayAsync("When did the tenge recover against the dollar?")).Answer!.Text);
    }

    [Fact]
    public async Task Force_rereads_a_same_size_edit_that_kept_its_time()
    {
        await using var host = TestHost.Create(dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "A\n\nThe tenge recovered against the dollar in April."));
        var file = Path.Combine(host.SourceDir, "a.txt");
        await host.ReloadAsync();
        var kept = File.GetLastWriteTimeUtc(file);

        File.WriteAllText(file, "A\n\nThe tenge recovered against the dollar in March.");
        File.SetLastWriteTimeUtc(file, kept);
        Assert.False((await host.ReloadAsync()).HasChanges);

        var forced = await host.Ingestor.ReloadAsync(force: true, CancellationToken.None);

        Assert.EndsWith("/a.txt", Assert.Single(forced.Changed));
        Assert.Contains("March", (await host.SayAsync("When did the tenge recover against the dollar?")).Answer!.Text);
    }

    [Fact]
    public async Task Backslash_names_are_their_own_documents_and_control_characters_are_escaped_when_printed()
    {
        await using var host = TestHost.Create(dir =>
        {
            File.WriteAllText(Path.Combine(dir, "back\\slash.txt"), "One\n\nAstana hosted talks on transit routes.");
            Directory.CreateDirectory(Path.Combine(dir, "back"));
            File.WriteAllText(Path.Combine(dir, "back", "slash.txt"), "Two\n\nThe tenge recovered against the dollar in April.");
            File.WriteAllText(Path.Combine(dir, "red\u001b[31m.txt"), "\n\nGrain exports through the Caspian corridor doubled in spring.");
        });

        var report = await host.ReloadAsync();

        Assert.Equal(3, report.Added.Count);
        var printed = IndexReportText.Format(report) + (await host.SayAsync("/sources")).Text;
        Assert.DoesNotContain('\u001b', printed);
        Assert.Contains("red\\u001B[31m", printed);
    }

    [Fact]
    public async Task A_short_single_paragraph_pdf_is_indexed()
    {
        await using var host = TestHost.Create(dir => File.WriteAllBytes(Path.Combine(dir, "note.pdf"), Pdfs.OnePage("Grain exports through the Caspian corridor doubled in spring.")));

        var report = await host.ReloadAsync();

        Assert.Empty(report.Failed);
        Assert.Contains("doubled", (await host.SayAsync("How did grain exports through the Caspian corridor change?")).Answer!.Text);
    }
}
