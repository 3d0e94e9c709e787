using System.Text;
using KzBot.Core.Storage;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Telegram.Tests;

/// <summary>Admins add sources from Telegram (a link, a document with /add), users get answers citing them, and a removal sticks.</summary>
public sealed class SourceManagementTests
{
    private const long UserId = 555;
    private const string FileText = "Orvane salt mine\n\nThe Orvane mine produces forty thousand tonnes of rock salt each year.\n";
    private const string PageText = "# Lanterns of Vellmar\n\nThe lantern makers of Vellmar export their paper lanterns to eleven countries every spring.\n";

    [Fact]
    public async Task An_admin_adds_a_link_and_a_document_users_get_them_cited_and_removal_is_confirmed_by_button()
    {
        await using var site = await StartSiteAsync();
        var rig = await TelegramRig.StartAsync(new() { ["Sources:AllowedHosts:0"] = "127.0.0.1" });
        TelegramRig restarted;
        try
        {
            await rig.ReadyAsync();
            var fileId = rig.Api.AddFile(Encoding.UTF8.GetBytes(FileText));

            rig.Api.PushMessage(Tg.Private(TelegramRig.AdminId, "/add " + site.Url + "/lanterns.md"));
            rig.Api.PushMessage(Tg.Document(TelegramRig.AdminId, TelegramRig.AdminId, fileId, "orvane.txt", FileText.Length, "/add"));
            var sent = await rig.Api.WaitForSentAsync(TelegramRig.AdminId, 2, "two add reports");
            var reports = sent.Where(c => c.Method == "sendMessage").Select(c => c.Text).ToList();
            Assert.StartsWith("Added ", reports[0]);
            Assert.Contains("Lanterns of Vellmar", reports[0]);
            Assert.StartsWith("Added ", reports[1]);
            Assert.Contains("Orvane salt mine", reports[1]);
            Assert.DoesNotContain(rig.Logs.Lines, l => l.Contains(FakeBotApi.Token, StringComparison.Ordinal) || l.Contains(FakeBotApi.Token.Split(':')[1], StringComparison.Ordinal));

            rig.Api.PushMessage(Tg.Private(UserId, "Where do the lantern makers of Vellmar export their lanterns?"));
            rig.Api.PushMessage(Tg.Private(UserId, "How much salt does the Orvane mine produce?"));
            var answers = (await rig.Api.WaitForSentAsync(UserId, 2, "two answers")).Where(c => c.Method == "sendMessage" && c.ChatId == UserId).ToList();
            Assert.Contains("eleven countries", answers[0].Text);
            Assert.Contains(site.Url + "/lanterns.md", answers[0].Text);
            Assert.Contains("forty thousand tonnes", answers[1].Text);

            var catalog = rig.Host.Services.GetRequiredService<IManagedSourceCatalog>();
            var page = (await catalog.ListAsync(CancellationToken.None)).Single(s => s.Origin == SourceOrigin.Url);
            rig.Api.PushMessage(Tg.Private(TelegramRig.AdminId, "/remove " + page.Id));
            var question = (await rig.Api.WaitForSentAsync(TelegramRig.AdminId, 3, "the confirmation question")).Last(c => c.Method == "sendMessage" && c.ChatId == TelegramRig.AdminId);
            Assert.StartsWith($"Remove {page.Id} “Lanterns of Vellmar”", question.Text);
            var data = question.Body["reply_markup"]!["inline_keyboard"]![0]![0]!["callback_data"]!.GetValue<string>();

            rig.Api.Push(Tg.Callback(UserId, data, TelegramRig.AdminId, 1));
            await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "answerCallbackQuery") == 1, "the stranger's press answered");
            Assert.Single(await catalog.ListAsync(CancellationToken.None), s => s.Id == page.Id);

            rig.Api.Push(Tg.Callback(TelegramRig.AdminId, data, TelegramRig.AdminId, 1));
            var removed = (await rig.Api.WaitForSentAsync(TelegramRig.AdminId, 4, "the removal report")).Last(c => c.Method == "sendMessage" && c.ChatId == TelegramRig.AdminId);
            Assert.StartsWith($"Removed {page.Id}", removed.Text);

            rig.Api.PushMessage(Tg.Private(UserId, "Where do the lantern makers of Vellmar export their lanterns?"));
            var after = (await rig.Api.WaitForSentAsync(UserId, 3, "the answer after removal")).Where(c => c.Method == "sendMessage" && c.ChatId == UserId).Last();
            Assert.DoesNotContain("eleven countries", after.Text);
            Assert.Equal(2, rig.Api.CallsTo("answerCallbackQuery").Count);

            restarted = await rig.RestartAsync(new() { ["Sources:AllowedHosts:0"] = "127.0.0.1" });
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }

        // A restart keeps the document that was not removed, and the removed page stays gone.
        await using var _ = restarted;
        var kept = Assert.Single(await restarted.Host.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(CancellationToken.None));
        Assert.Equal(SourceOrigin.Upload, kept.Origin);
        restarted.Api.PushMessage(Tg.Private(UserId, "How much salt does the Orvane mine produce?"));
        var again = (await restarted.Api.WaitForSentAsync(UserId, 4, "the answer after the restart")).Where(c => c.Method == "sendMessage" && c.ChatId == UserId).Last();
        Assert.Contains("forty thousand tonnes", again.Text);
    }

    [Fact]
    public async Task A_non_admin_document_with_add_is_refused_without_downloading_it()
    {
        await using var rig = await TelegramRig.StartAsync();
        await rig.ReadyAsync();
        var fileId = rig.Api.AddFile(Encoding.UTF8.GetBytes(FileText));

        rig.Api.PushMessage(Tg.Document(TelegramRig.GroupId, UserId, fileId, "orvane.txt", FileText.Length, "/add"));
        var sent = await rig.Api.WaitForSentAsync(TelegramRig.GroupId, 1, "the refusal");

        Assert.Equal("Sorry, /add is for the bot's admins only.", sent.Single(c => c.Method == "sendMessage").Text);
        Assert.Empty(rig.Api.CallsTo("getFile"));
        Assert.Equal(0, rig.Api.FileDownloads);
    }

    [Fact]
    public async Task A_document_over_the_bot_api_limit_is_refused_before_download()
    {
        await using var rig = await TelegramRig.StartAsync(new() { ["Sources:MaxSourceBytes"] = "52428800" });
        await rig.ReadyAsync();
        var fileId = rig.Api.AddFile(Encoding.UTF8.GetBytes(FileText));

        rig.Api.PushMessage(Tg.Document(TelegramRig.AdminId, TelegramRig.AdminId, fileId, "huge.pdf", 25L * 1024 * 1024, "/add"));
        var sent = await rig.Api.WaitForSentAsync(TelegramRig.AdminId, 1, "the refusal");

        Assert.Contains("Telegram lets bots download files of up to 20 MB", sent.Single(c => c.Method == "sendMessage").Text);
        Assert.Empty(rig.Api.CallsTo("getFile"));
    }

    private static async Task<Site> StartSiteAsync()
    {
        var app = LoopbackWeb.CreateBuilder().Build();
        app.MapGet("/lanterns.md", () => Results.Text(PageText, "text/markdown"));
        await app.StartAsync();
        return new Site(app, LoopbackWeb.Address(app));
    }

    private sealed record Site(WebApplication App, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
