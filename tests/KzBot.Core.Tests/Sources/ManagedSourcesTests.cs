using KzBot.Core.Chat;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Core.Tests.Sources;

/// <summary>Admins add a URL and a file, users get answers citing them, a removal stops the citing, and a restart keeps the rest.</summary>
public class ManagedSourcesTests
{
    private const string LanternQuestion = "What do the lantern makers of Vellmar export every spring?";
    private const string SaltQuestion = "How much salt does the Orvane mine produce?";
    private const string SaltFile = "Orvane salt mine\n\nThe Orvane mine produces forty thousand tonnes of rock salt each year.\n\nMiners work in three shifts below the old chapel.";

    [Fact]
    public async Task Added_sources_are_cited_listed_removed_and_survive_a_restart()
    {
        await using var site = await FakeWebSite.StartAsync(Pdfs.OnePage("unused"));
        await using var host = SourcesRig.Create();
        await host.ReloadAsync();

        var added = await host.AdminAsync("/add " + site.Url("/article"));
        Assert.False(added.Failed, added.Text);
        Assert.Matches(@"^Added [a-z2-9]{6}: “Lantern makers of Vellmar” — http://news\.test:\d+/article \(\d+ passages\)\.", added.Text);
        Assert.Contains("1 added", added.Text);
        Assert.True(added.Private);

        var uploaded = await host.AdminAsync("/add", SourcesRig.Upload("Orvane salt.txt", System.Text.Encoding.UTF8.GetBytes(SaltFile), "text/plain"));
        Assert.False(uploaded.Failed, uploaded.Text);
        Assert.StartsWith("Added ", uploaded.Text);

        // A user's answers cite both: the page by its URL, with none of the page's navigation or footer indexed.
        var lantern = (await host.SayAsync(LanternQuestion)).Answer!;
        Assert.False(lantern.Refused, lantern.Text);
        Assert.Contains("eleven countries", lantern.Text);
        Assert.Equal(site.Url("/article"), lantern.Citations[0].Url);
        var page = await host.Corpus.GetDocumentTextAsync(lantern.Citations[0].DocumentId, CancellationToken.None);
        Assert.DoesNotContain("Subscribe", page);
        Assert.DoesNotContain("Copyright", page);
        var salt = (await host.SayAsync(SaltQuestion)).Answer!;
        Assert.False(salt.Refused, salt.Text);
        Assert.Contains("forty thousand tonnes", salt.Text);

        var managed = await host.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None);
        Assert.Equal(2, managed.Count);
        var url = managed.Single(m => m.Origin == SourceOrigin.Url);
        var file = managed.Single(m => m.Origin == SourceOrigin.Upload);
        Assert.Equal("test:admin1", url.AddedBy);
        Assert.Equal("\"v1\"", url.ETag);

        var list = (await host.SayAsync("/sources")).Text!;
        Assert.Contains("3 indexed sources:", list);
        Assert.Contains($"[{url.Id}] Lantern makers of Vellmar — URL {site.Url("/article")}, added by test:admin1", list);
        Assert.Contains($"[{file.Id}] Orvane salt mine — upload Orvane salt.txt, added by test:admin1", list);
        Assert.Contains("— folder ", list);

        var stats = (await host.AdminAsync("/stats")).Text!;
        Assert.Contains("Sources: 1 from folders, 1 from URLs, 1 uploaded", stats);

        // Removal asks first; the button works only for the admin who asked.
        var asked = await host.AdminAsync("/remove " + url.Id);
        Assert.StartsWith($"Remove {url.Id} “Lantern makers of Vellmar”", asked.Text);
        Assert.NotNull(asked.Confirm);
        Assert.False((await host.SayAsync(LanternQuestion)).Answer!.Refused);
        var stranger = await host.Engine.ConfirmAsync(Message("admin2"), asked.Confirm!.Token, CancellationToken.None);
        Assert.Equal("Only the admin who asked can confirm this.", stranger.Text);
        var removed = await host.Engine.ConfirmAsync(Message("admin1"), asked.Confirm.Token, CancellationToken.None);
        Assert.StartsWith($"Removed {url.Id} “Lantern makers of Vellmar”", removed.Text);
        Assert.Contains("1 removed", removed.Text);
        Assert.True((await host.SayAsync(LanternQuestion)).Answer!.Refused);

        var audit = await host.Log.ListAuditAsync(20, CancellationToken.None);
        Assert.Contains(audit, a => a.Command == "add" && a.Allowed && a.Detail!.Contains(site.Url("/article"), StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Command == "remove" && a.Allowed && a.Detail!.StartsWith("Removed", StringComparison.Ordinal));

        // A restart on the same data keeps the upload.
        await using var again = TestHost.Reopen(host.Root);
        await again.Ingestor.ReloadAsync(CancellationToken.None);
        var afterRestart = (await again.SayAsync(SaltQuestion)).Answer!;
        Assert.False(afterRestart.Refused);
        Assert.Contains("forty thousand tonnes", afterRestart.Text);
        Assert.True((await again.SayAsync(LanternQuestion)).Answer!.Refused);
    }

    [Fact]
    public async Task Refresh_sends_the_validators_and_reindexes_only_a_change()
    {
        await using var site = await FakeWebSite.StartAsync(Pdfs.OnePage("unused"));
        await using var host = SourcesRig.Create();
        await host.AdminAsync("/add " + site.Url("/to-article"));
        var id = (await host.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None)).Single().Id;

        Assert.Equal($"{id}: unchanged (the server answered 304 Not Modified)", (await host.AdminAsync("/refresh " + id)).Text);

        site.ArticleHtml = FakeWebSite.Article("Lantern makers of Vellmar", "The lantern makers of Vellmar now export their paper lanterns to fourteen countries.");
        site.ArticleETag = "\"v2\"";
        var refreshed = await host.AdminAsync("/reload");
        Assert.Contains($"{id}: changed", refreshed.Text);
        Assert.Contains("1 changed", refreshed.Text);
        Assert.Contains("fourteen countries", (await host.SayAsync(LanternQuestion)).Answer!.Text);

        var upload = await host.AdminAsync("/add", SourcesRig.Upload("salt.txt", System.Text.Encoding.UTF8.GetBytes(SaltFile)));
        var uploadId = (await host.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None)).Single(s => s.Origin == SourceOrigin.Upload).Id;
        Assert.Contains("is an uploaded file, so there is nothing to fetch again", (await host.AdminAsync("/refresh " + uploadId)).Text);
    }

    [Fact]
    public async Task Limits_and_unreadable_files_are_refused_with_nothing_left_behind()
    {
        await using var host = SourcesRig.Create(settings: new() { ["Sources:MaxManagedSources"] = "1", ["Sources:MaxSourceBytes"] = "2048" });

        var big = await host.AdminAsync("/add", SourcesRig.Upload("big.txt", new byte[4096]));
        Assert.Contains("larger than the 2,048-byte limit for one source (Sources:MaxSourceBytes)", big.Text);
        var binary = await host.AdminAsync("/add", SourcesRig.Upload("data.txt", [1, 0, 2, 0, 3]));
        Assert.Contains("declared as text/plain but holds binary data", binary.Text);
        var empty = await host.AdminAsync("/add", SourcesRig.Upload("empty.md", "   \n\n  "u8.ToArray()));
        Assert.Contains("could not be indexed: no readable text found", empty.Text);
        await host.AssertNothingAddedAsync();

        Assert.False((await host.AdminAsync("/add", SourcesRig.Upload("salt.txt", System.Text.Encoding.UTF8.GetBytes(SaltFile)))).Failed);
        var second = await host.AdminAsync("/add", SourcesRig.Upload("other.txt", "Other\n\nAnother short text about the harbour."u8.ToArray()));
        Assert.Contains("1 sources are already added, the limit (Sources:MaxManagedSources)", second.Text);
    }

    [Fact]
    public async Task Folder_sources_cannot_be_removed_from_chat_and_confirmations_expire()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = SourcesRig.Create(clock);
        await host.ReloadAsync();
        var folderId = System.Text.RegularExpressions.Regex.Match((await host.SayAsync("/sources")).Text!, @"\[([0-9a-f]{6})\]").Groups[1].Value;

        var folder = await host.AdminAsync("/remove " + folderId);
        Assert.Contains("is the file", folder.Text);
        Assert.Contains("harbour.txt in a source folder on the server", folder.Text);
        Assert.Contains("no source has the id zzzzzz", (await host.AdminAsync("/remove zzzzzz")).Text);

        await host.AdminAsync("/add", SourcesRig.Upload("salt.txt", System.Text.Encoding.UTF8.GetBytes(SaltFile)));
        var id = (await host.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None)).Single().Id;
        var asked = await host.AdminAsync("/remove " + id);
        clock.Advance(TimeSpan.FromMinutes(6));
        var late = await host.Engine.ConfirmAsync(Message("admin1"), asked.Confirm!.Token, CancellationToken.None);
        Assert.Equal($"This confirmation expired after 5 minutes; send /remove {id} again.", late.Text);
        Assert.Single(await host.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None));
    }

    private static IncomingMessage Message(string user) =>
        new() { Platform = "test", ChatId = "c1", UserId = user, Text = "", IsAdmin = true, IsDirect = true };
}
