using Microsoft.Extensions.Time.Testing;

namespace KzBot.Core.Tests.Sources;

/// <summary>
/// Every URL the issue names as hostile is refused with the reason the admin reads, and leaves nothing behind: no
/// document, no metadata, no file.
/// </summary>
public class FetchRefusalTests
{
    [Theory]
    [InlineData("http://127.0.0.1/", "127.0.0.1 is a loopback address")]
    [InlineData("http://localhost:8080/admin", "localhost resolves to")]
    [InlineData("http://[::1]/", "::1 is a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address")]
    [InlineData("http://2130706433/", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f000001/", "127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1/", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::ffff:10.0.0.1]/", "10.0.0.1 is a private address")]
    [InlineData("http://100.64.1.1/", "100.64.1.1 is a shared (carrier-grade NAT) address")]
    [InlineData("http://intranet.test/wiki", "intranet.test resolves to 10.20.30.40, which is a private address")]
    [InlineData("ftp://example.com/file.txt", "not an http:// or https:// address")]
    [InlineData("file:///etc/passwd", "not an http:// or https:// address")]
    public async Task Private_and_odd_addresses_are_refused_by_default(string url, string reason)
    {
        await using var host = SourcesRig.Create(allowSite: false);
        var reply = await host.AdminAsync("/add " + url);

        Assert.True(reply.Failed);
        Assert.StartsWith("Could not add ", reply.Text);
        Assert.Contains(reason, reply.Text);
        if (url.StartsWith("http", StringComparison.Ordinal))
        {
            Assert.Contains("Sources:AllowedHosts", reply.Text);
        }

        await host.AssertNothingAddedAsync();
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_host_to_a_private_one_is_refused()
    {
        await using var site = await FakeWebSite.StartAsync(Pdfs.OnePage("unused"));
        await using var host = SourcesRig.Create();

        var metadata = await host.AdminAsync("/add " + site.Url("/to-metadata"));
        Assert.Contains("169.254.169.254 is a link-local address", metadata.Text);
        var intranet = await host.AdminAsync("/add " + site.Url("/to-intranet"));
        Assert.Contains("intranet.test resolves to 10.20.30.40, which is a private address", intranet.Text);
        await host.AssertNothingAddedAsync();
    }

    [Fact]
    public async Task Redirect_chains_stop_after_five_hops()
    {
        await using var site = await FakeWebSite.StartAsync(Pdfs.OnePage("unused"));
        await using var host = SourcesRig.Create();

        var reply = await host.AdminAsync("/add " + site.Url("/loop/0"));
        Assert.Contains("more than 5 redirects", reply.Text);
        await host.AssertNothingAddedAsync();
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_on_the_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var site = await FakeWebSite.StartAsync(Pdfs.OnePage("unused"));
        await using var host = SourcesRig.Create(clock, new() { ["Sources:FetchTimeout"] = "00:00:30" });

        var adding = host.AdminAsync("/add " + site.Url("/slow"));
        await site.SlowRequestArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(31));
        var reply = await adding.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("the download took longer than 30 s (Sources:FetchTimeout)", reply.Text);
        await host.AssertNothingAddedAsync();
    }

    [Fact]
    public async Task An_endless_body_is_cut_at_the_byte_cap()
    {
        await using var site = await FakeWebSite.StartAsync(Pdfs.OnePage("unused"));
        await using var host = SourcesRig.Create(settings: new() { ["Sources:MaxSourceBytes"] = "1048576" });

        var reply = await host.AdminAsync("/add " + site.Url("/endless"));
        Assert.Contains("larger than the 1,048,576-byte limit for one source (Sources:MaxSourceBytes)", reply.Text);
        await host.AssertNothingAddedAsync();
    }

    [Fact]
    public async Task Content_that_is_not_a_page_pdf_markdown_or_text_is_refused_by_type()
    {
        await using var site = await FakeWebSite.StartAsync(Pdfs.OnePage("unused"));
        await using var host = SourcesRig.Create();

        var reply = await host.AdminAsync("/add " + site.Url("/picture"));
        Assert.Contains("the content is image/png; only web pages (HTML), PDF, Markdown and plain text can be added", reply.Text);
        await host.AssertNothingAddedAsync();
    }

    [Fact]
    public async Task Robots_txt_is_obeyed_unless_turned_off()
    {
        await using var site = await FakeWebSite.StartAsync(Pdfs.OnePage("unused"));
        await using (var polite = SourcesRig.Create())
        {
            var reply = await polite.AdminAsync("/add " + site.Url("/private/page"));
            Assert.Contains("news.test's robots.txt does not allow fetching /private/page", reply.Text);
            await polite.AssertNothingAddedAsync();
        }

        await using var own = SourcesRig.Create(settings: new() { ["Sources:RespectRobotsTxt"] = "false" });
        Assert.StartsWith("Added ", (await own.AdminAsync("/add " + site.Url("/private/page"))).Text);
    }

    [Fact]
    public async Task Non_admins_are_refused_before_anything_is_fetched_or_downloaded()
    {
        await using var site = await FakeWebSite.StartAsync(Pdfs.OnePage("unused"));
        await using var host = SourcesRig.Create();
        var downloaded = false;

        var byUrl = await host.SayAsync("/add " + site.Url("/article"));
        var byFile = await host.Engine.HandleAsync(
            new Chat.IncomingMessage
            {
                Platform = "test",
                ChatId = "c1",
                UserId = "u2",
                Text = "/add",
                IsDirect = true,
                Attachment = SourcesRig.Upload("notes.txt", "Notes\n\nSome text."u8.ToArray(), onDownload: () => downloaded = true),
            },
            CancellationToken.None);

        Assert.Equal("Sorry, /add is for the bot's admins only.", byUrl.Text);
        Assert.Equal("Sorry, /add is for the bot's admins only.", byFile.Text);
        Assert.False(downloaded);
        Assert.Equal(0, site.Requests);
        await host.AssertNothingAddedAsync();
    }
}
