using System.Net;
using System.Text;
using KzBot.Core.Sources.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KzBot.Core.Tests.Sources;

/// <summary>
/// A web site on 127.0.0.1 that serves the pages a source test fetches: an article, a PDF, robots.txt, and the
/// hostile cases (a server that never answers, an endless body, an image, redirects to private addresses).
/// </summary>
internal sealed class FakeWebSite : IAsyncDisposable
{
    public const string Host = "news.test";

    private readonly WebApplication _app;

    private FakeWebSite(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The page's body; tests change it to see a refresh pick the change up.</summary>
    public string ArticleHtml { get; set; } = Article("Lantern makers of Vellmar", "The lantern makers of Vellmar export their paper lanterns to eleven countries every spring.");

    public string ArticleETag { get; set; } = "\"v1\"";

    /// <summary>Completed when the slow page's request has arrived, so the test can move the clock on.</summary>
    public TaskCompletionSource SlowRequestArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Requests;

    public string Url(string path) => $"http://{Host}:{Port}{path}";

    public static string Article(string title, string sentence) => $$"""
        <!doctype html><html><head><title>{{title}}</title></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
        <header><p>Subscribe to our newsletter for daily updates from the region</p></header>
        <article><h1>{{title}}</h1>
        <p>{{sentence}} The trade grew steadily over the last decade, according to the regional chamber of commerce.</p>
        <p>Local workshops employ several hundred artisans, most of them in family businesses that are generations old.</p>
        <p>Buyers in the capital pay a premium for the hand-painted designs, which take a week to finish.</p>
        </article>
        <footer><p>Copyright the Example Gazette. All rights reserved.</p></footer>
        </body></html>
        """;

    public static async Task<FakeWebSite> StartAsync(byte[] pdf)
    {
        var builder = LoopbackWeb.CreateBuilder();
        var app = builder.Build();
        FakeWebSite? site = null;
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref site!.Requests);
            await next(context);
        });
        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /private/\n", "text/plain"));
        app.MapGet("/article", (HttpContext context) =>
        {
            if (context.Request.Headers.IfNoneMatch.ToString() == site!.ArticleETag)
            {
                return Results.StatusCode(304);
            }

            context.Response.Headers.ETag = site.ArticleETag;
            return Results.Text(site.ArticleHtml, "text/html; charset=utf-8");
        });
        app.MapGet("/private/page", () => Results.Text(Article("Private", "Nothing to see here."), "text/html"));
        app.MapGet("/report.pdf", () => Results.Bytes(pdf, "application/octet-stream"));
        app.MapGet("/picture", () => Results.Bytes([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13], "image/png"));
        app.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        app.MapGet("/to-intranet", () => Results.Redirect("http://intranet.test/wiki"));
        app.MapGet("/loop/{n:int}", (int n) => Results.Redirect($"/loop/{n + 1}"));
        app.MapGet("/to-article", () => Results.Redirect("/article"));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            site!.SlowRequestArrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        app.MapGet("/endless", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            var chunk = Encoding.ASCII.GetBytes(new string('x', 65536));

            // Bounded so a broken cap cannot make the test run forever: 64 MiB, far over the test's limit.
            for (var i = 0; i < 1024 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        await app.StartAsync();
        var port = new Uri(LoopbackWeb.Address(app)).Port;
        site = new FakeWebSite(app, port);
        return site;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A resolver with fixed answers: the fake site's name is 127.0.0.1, "intranet.test" a private address.</summary>
internal sealed class TestResolver : IHostResolver
{
    private static readonly Dictionary<string, IPAddress> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        [FakeWebSite.Host] = IPAddress.Loopback,
        ["intranet.test"] = IPAddress.Parse("10.20.30.40"),
    };

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IPAddress>>(Names.TryGetValue(host, out var a) ? [a] : Dns.GetHostAddresses(host));
}
