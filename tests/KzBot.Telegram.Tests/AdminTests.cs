using KzBot.Telegram.Tests.Fakes;

namespace KzBot.Telegram.Tests;

public sealed class AdminTests
{
    [Fact]
    public async Task A_non_admin_reload_is_refused_politely_and_audited()
    {
        await using var rig = await TelegramRig.StartAsync();
        rig.Api.PushMessage(Tg.Group(TelegramRig.GroupId, 555, "/reload@KzTestBot"));
        rig.Api.PushMessage(Tg.Private(555, "/stats"));

        await rig.Api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage") == 2, "two refusals");

        Assert.Equal("Sorry, /reload is for the bot's admins only.", Assert.Single(rig.Api.Sent(TelegramRig.GroupId)).Text);
        Assert.Equal("Sorry, /stats is for the bot's admins only.", Assert.Single(rig.Api.Sent(555)).Text);
        var audit = await rig.Log.ListAuditAsync(10, CancellationToken.None);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a =>
        {
            Assert.False(a.Allowed);
            Assert.Equal("telegram", a.Platform);
            Assert.Equal("555", a.UserId);
        });
        Assert.Contains(audit, a => a.Command == "reload" && a.ChatId == TelegramRig.GroupId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(audit, a => a.Command == "stats" && a.ChatId == "555");
    }

    [Fact]
    public async Task An_admin_reload_reports_what_changed_and_stats_report_usage_both_audited()
    {
        await using var rig = await TelegramRig.StartAsync();
        File.WriteAllText(Path.Combine(rig.Root, "sources", "extra.md"), "# Grain corridor\n\nKazakhstan routed grain exports through the Caspian Sea to avoid Russian ports.\n");
        rig.Api.PushMessage(Tg.Private(TelegramRig.AdminId, "Did Kazakhstan recognise Donetsk and Luhansk?"));
        rig.Api.PushMessage(Tg.Private(TelegramRig.AdminId, "/reload"));
        rig.Api.PushMessage(Tg.Private(TelegramRig.AdminId, "/stats"));
        rig.Api.PushMessage(Tg.Private(TelegramRig.AdminId, "/help"));

        var sent = (await rig.Api.WaitForSentAsync(TelegramRig.AdminId, 4, "answer, report, stats and help")).Where(c => c.Method == "sendMessage").ToList();

        Assert.Matches(@"^Reload finished in \d+\.\d\d s: 1 added, 0 changed, 0 removed, 0 failed, 1 unchanged", sent[1].Text);
        Assert.Contains("Added: ", sent[1].Text);
        Assert.Contains("Questions: 1 (1 answered, 0 refused)", sent[2].Text);
        Assert.Contains("Latency: p50", sent[2].Text);
        Assert.Contains("/reload", sent[3].Text);
        var audit = await rig.Log.ListAuditAsync(10, CancellationToken.None);
        Assert.Equal(["reload", "stats"], audit.Select(a => a.Command).Order());
        Assert.All(audit, a => Assert.True(a.Allowed));
        Assert.All(audit, a => Assert.Equal("999", a.UserId));
    }
}
