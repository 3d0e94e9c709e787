using KzBot.Core.Chat;
using KzBot.Core.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Postgres.Tests;

/// <summary>
/// The /remove confirmation button on PostgreSQL: asked on one replica, pressed on another (a webhook behind a load
/// balancer sends the press to any replica), it is honoured once and only for the admin who asked.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedConfirmationTests(PostgresServer server)
{
    [Fact]
    public async Task A_remove_asked_on_one_replica_is_confirmed_on_the_other_by_the_same_admin_only_and_once()
    {
        var database = await server.CreateDatabaseAsync();
        var shared = Directory.CreateTempSubdirectory("kzbot-shared-sources-").FullName;
        try
        {
            Dictionary<string, string?> settings = new()
            {
                ["Sources:Folders:0"] = Path.Combine(shared, "folder"),
                ["Sources:ManagedFolder"] = Path.Combine(shared, "added"),
            };
            Directory.CreateDirectory(Path.Combine(shared, "folder"));
            File.WriteAllText(Path.Combine(shared, "folder", "alpha.txt"), "Alpha notes\n\nThe alpha committee met on Tuesday.");
            await using var a = StoreHost.Create(database, settings: settings);
            await using var b = StoreHost.Create(database, settings: settings);
            var managed = a.Host.Services.GetRequiredService<ManagedSources>();
            await managed.AddFileAsync("lighthouse.md", "text/markdown", "# Lighthouse log\n\nThe keeper repainted the lamp room in March."u8.ToArray(), "test:admin", CancellationToken.None);
            var id = Assert.Single(await managed.ListAsync(CancellationToken.None)).Id;

            var asked = await Engine(a).HandleAsync(Admin("admin", "/remove " + id), CancellationToken.None);
            var token = Assert.IsType<Confirmation>(asked.Confirm).Token;

            var stranger = await Engine(b).ConfirmAsync(Admin("other-admin", ""), token, CancellationToken.None);
            Assert.Equal(PendingConfirmations.NotYours, stranger.Text);
            Assert.Single(await managed.ListAsync(CancellationToken.None));

            var confirmed = await Engine(b).ConfirmAsync(Admin("admin", ""), token, CancellationToken.None);
            Assert.False(confirmed.Failed, confirmed.Text);
            Assert.Empty(await managed.ListAsync(CancellationToken.None));

            var again = await Engine(a).ConfirmAsync(Admin("admin", ""), token, CancellationToken.None);
            Assert.Equal(PendingConfirmations.NoLongerValid, again.Text);
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }

    private static ChatEngine Engine(StoreHost host) => host.Host.Services.GetRequiredService<ChatEngine>();

    private static IncomingMessage Admin(string user, string text) =>
        new() { Platform = "test", ChatId = "admins", UserId = user, Text = text, IsAdmin = true, IsDirect = true };
}
