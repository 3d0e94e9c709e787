using KzBot.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Core.Tests.Sources;

/// <summary>Adding or removing a source changes files and reloads under the one reload lock.</summary>
public sealed class SourceChangeLockTests
{
    private static readonly byte[] Salt = "Orvane salt mine\n\nThe Orvane mine produces forty thousand tonnes of rock salt each year.\n"u8.ToArray();

    [Fact]
    public async Task An_add_while_a_reload_runs_is_refused_naming_it_changes_nothing_and_works_once_it_ends()
    {
        var reader = new BlockingReader();
        await using var host = TestHost.Create(
            dir =>
            {
                File.WriteAllText(Path.Combine(dir, "harbour.txt"), SourcesRig.Unrelated);
                File.WriteAllText(Path.Combine(dir, "held.slow"), "Held\n\nThis file's reader waits until the test lets it go.");
            },
            services: s => s.AddSingleton<IDocumentReader>(reader));

        // On a worker, as the adapters run turns: the held reader blocks the thread that reads.
        var reload = Task.Run(() => host.SayAsync("/reload", isAdmin: true, user: "admin-1"));
        await reader.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var refused = await host.AdminAsync("/add", SourcesRig.Upload("salt.txt", Salt, "text/plain"), user: "admin-2");

        Assert.True(refused.Failed);
        Assert.StartsWith("Could not add salt.txt: a reload is already running (started by /reload from test user admin-1 on ", refused.Text);
        Assert.EndsWith("nothing was changed.", refused.Text);
        await host.AssertNothingAddedAsync();

        reader.Release.SetResult();
        await reload.WaitAsync(TimeSpan.FromSeconds(30));
        var added = await host.AdminAsync("/add", SourcesRig.Upload("salt.txt", Salt, "text/plain"), user: "admin-2");
        Assert.False(added.Failed, added.Text);
        Assert.Contains("forty thousand tonnes", (await host.SayAsync("How much salt does the Orvane mine produce?")).Answer!.Text);
    }
}
