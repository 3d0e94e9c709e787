using KzBot.Core.Chat;
using KzBot.Core.Sources;
using KzBot.Core.Sources.Fetching;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Core.Tests.Sources;

/// <summary>A real host whose fetcher may reach the fake site (by name, through the test resolver) and nothing else private.</summary>
internal static class SourcesRig
{
    public const string Unrelated = "Harbour notes\n\nThe harbour of Tessaly handles grain ships from the southern provinces every autumn.";

    public static TestHost Create(FakeTimeProvider? clock = null, Dictionary<string, string?>? settings = null, bool allowSite = true)
    {
        var all = new Dictionary<string, string?>();
        if (allowSite)
        {
            all["Sources:AllowedHosts:0"] = FakeWebSite.Host;
        }

        foreach (var (k, v) in settings ?? [])
        {
            all[k] = v;
        }

        return TestHost.Create(
            dir => File.WriteAllText(Path.Combine(dir, "harbour.txt"), Unrelated),
            all,
            services =>
            {
                services.AddSingleton<IHostResolver, TestResolver>();
                if (clock is not null)
                {
                    services.AddSingleton<TimeProvider>(clock);
                }
            });
    }

    public static Task<EngineReply> AdminAsync(this TestHost host, string text, IncomingFile? file = null, string user = "admin1") =>
        host.Engine.HandleAsync(
            new IncomingMessage { Platform = "test", ChatId = "c1", UserId = user, Text = text, IsAdmin = true, IsDirect = true, Attachment = file },
            CancellationToken.None);

    /// <summary>Documents that came from the managed folder, and the files in it: both empty when nothing was half-added.</summary>
    public static async Task AssertNothingAddedAsync(this TestHost host)
    {
        var documents = await host.Corpus.ListDocumentsAsync(CancellationToken.None);
        Assert.DoesNotContain(documents, d => d.SourceKey.StartsWith("added/", StringComparison.Ordinal));
        Assert.Empty(await host.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None));
        var folder = host.Services.GetRequiredService<ManagedFolder>().Path;
        Assert.True(!Directory.Exists(folder) || Directory.GetFiles(folder).Length == 0, "files left in the managed folder");
    }

    public static IncomingFile Upload(string name, byte[] content, string? mediaType = null, Action? onDownload = null) =>
        new(name, content.Length, mediaType, (max, _) =>
        {
            onDownload?.Invoke();
            return Task.FromResult(content);
        });
}
