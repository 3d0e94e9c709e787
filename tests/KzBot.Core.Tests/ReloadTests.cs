using KzBot.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Core.Tests;

public class ReloadTests
{
    [Fact]
    public async Task A_reload_asked_for_while_one_runs_is_told_it_is_running_and_the_next_one_runs()
    {
        var reader = new BlockingReader();
        await using var host = TestHost.Create(
            dir =>
            {
                File.WriteAllText(Path.Combine(dir, "a.txt"), "Alpha title\n\nKazakhstan exported more grain to Afghanistan.");
                File.WriteAllText(Path.Combine(dir, "held.slow"), "Held\n\nThis file's reader waits until the test lets it go.");
            },
            services: s => s.AddSingleton<IDocumentReader>(reader));

        // On a worker, as the adapters run turns: the held reader blocks the thread that reads.
        var first = Task.Run(() => host.SayAsync("/reload", isAdmin: true, user: "admin-1"));
        await reader.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await host.SayAsync("/reload", isAdmin: true, user: "admin-2");

        Assert.StartsWith("A reload is already running (started by /reload from test user admin-1 on ", second.Text);
        Assert.False(first.IsCompleted);
        reader.Release.SetResult();
        Assert.Contains("held.slow", (await first.WaitAsync(TimeSpan.FromSeconds(30))).Text!);
        Assert.DoesNotContain("already running", (await host.SayAsync("/reload", isAdmin: true, user: "admin-2")).Text!);
    }

    [Fact]
    public async Task Reload_is_incremental_by_content()
    {
        await using var host = TestHost.Create(dir =>
        {
            File.WriteAllText(Path.Combine(dir, "a.txt"), "Alpha title\n\nKazakhstan exported more grain to Afghanistan.");
            File.WriteAllText(Path.Combine(dir, "b.txt"), "Beta title\n\nThe tenge fell against the dollar in March.");
        });

        var first = await host.ReloadAsync();
        Assert.Equal(2, first.Added.Count);

        var second = await host.ReloadAsync();
        Assert.False(second.HasChanges);
        Assert.Equal(2, second.Unchanged);

        // Same bytes, new timestamp: nothing to re-index.
        File.SetLastWriteTimeUtc(Path.Combine(host.SourceDir, "a.txt"), DateTime.UtcNow.AddMinutes(5));
        var touched = await host.ReloadAsync();
        Assert.False(touched.HasChanges);

        File.WriteAllText(Path.Combine(host.SourceDir, "b.txt"), "Beta title\n\nThe tenge recovered against the dollar in April.");
        File.Delete(Path.Combine(host.SourceDir, "a.txt"));
        File.WriteAllText(Path.Combine(host.SourceDir, "c.md"), "# Gamma\n\nAstana hosted talks on transit routes.");
        var third = await host.ReloadAsync();
        Assert.EndsWith("c.md", third.Added.Single());
        Assert.EndsWith("b.txt", third.Changed.Single());
        Assert.EndsWith("a.txt", third.Removed.Single());

        var answer = (await host.SayAsync("When did the tenge recover against the dollar?")).Answer!;
        Assert.False(answer.Refused);
        Assert.Contains("April", answer.Text);
        Assert.True((await host.SayAsync("What did Kazakhstan export to Afghanistan?")).Answer!.Refused);
    }

    [Fact]
    public async Task A_file_that_breaks_keeps_its_previous_version_serving_and_is_reported()
    {
        await using var host = TestHost.Create(dir =>
            File.WriteAllBytes(Path.Combine(dir, "report.pdf"), Pdfs.TwoPages("Intro page.", "Grain exports through the Caspian corridor doubled in spring.")));
        await host.ReloadAsync();

        File.WriteAllBytes(Path.Combine(host.SourceDir, "report.pdf"), "%PDF-1.7\nthis is not really a pdf"u8.ToArray());
        File.WriteAllText(Path.Combine(host.SourceDir, "new.txt"), "New\n\nUzbekistan sent medicine to Ukraine in March.");
        var report = await host.ReloadAsync();

        var failure = Assert.Single(report.Failed);
        Assert.EndsWith("report.pdf", failure.Source);
        Assert.Contains("PDF", failure.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("new.txt", Assert.Single(report.Added));

        var reply = await host.SayAsync("How did grain exports through the Caspian corridor change?");
        Assert.False(reply.Answer!.Refused);
        Assert.Contains("doubled", reply.Answer.Text);
        Assert.Contains("failed", Core.Ingestion.IndexReportText.Format(report));
    }

    [Fact]
    public async Task Binary_and_empty_files_are_reported_not_indexed()
    {
        await using var host = TestHost.Create(dir =>
        {
            File.WriteAllBytes(Path.Combine(dir, "binary.txt"), [0x00, 0x01, 0x02, 0x41]);
            File.WriteAllText(Path.Combine(dir, "empty.md"), "   \n\n");
            File.WriteAllText(Path.Combine(dir, "ok.txt"), "Ok\n\nKazakhstan hosted the summit.");
        });

        var report = await host.ReloadAsync();

        Assert.Equal(2, report.Failed.Count);
        Assert.Contains(report.Failed, f => f.Source.EndsWith("binary.txt", StringComparison.Ordinal) && f.Reason.Contains("binary", StringComparison.Ordinal));
        Assert.Contains(report.Failed, f => f.Source.EndsWith("empty.md", StringComparison.Ordinal));
        Assert.Single(report.Added);
    }

    [Fact]
    public async Task A_missing_source_folder_is_reported_and_removes_nothing()
    {
        await using var host = TestHost.Create();
        await host.ReloadAsync();
        Directory.Move(host.SourceDir, host.SourceDir + "-moved");

        var report = await host.ReloadAsync();

        Assert.Contains(report.Failed, f => f.Reason.Contains("not found", StringComparison.Ordinal));
        Assert.Empty(report.Removed);
        Assert.Single(await host.Corpus.ListDocumentsAsync(default));
    }
}
