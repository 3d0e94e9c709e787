using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Embeddings.Tests;

/// <summary>The remote generator against a loopback fake of an OpenAI-compatible /v1/embeddings.</summary>
public sealed class RemoteEmbeddingGeneratorTests : IAsyncLifetime
{
    private readonly List<(string? Authorization, JsonNode Body)> _requests = [];
    private WebApplication _app = null!;
    private int _status = 200;
    private int _failNext;

    public string Endpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _app = LoopbackWeb.CreateBuilder().Build();
        _app.MapPost("/v1/embeddings", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!;
            lock (_requests)
            {
                _requests.Add((context.Request.Headers.Authorization.ToString(), body));
            }

            if (Interlocked.Decrement(ref _failNext) >= 0)
            {
                return Results.Json(new { error = new { message = "overloaded" } }, statusCode: 503);
            }

            if (_status != 200)
            {
                return Results.Json(new { error = new { message = "bad key sk-secret" } }, statusCode: _status);
            }

            // Returned out of order and unnormalised, as some servers do.
            var inputs = body["input"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
            var data = inputs.Select((text, i) => new { index = i, embedding = new[] { (float)text.Length, 0f, 0f } }).Reverse();
            return Results.Json(new { data, model = body["model"]!.GetValue<string>() });
        });
        await _app.StartAsync();
        Endpoint = LoopbackWeb.Address(_app) + "/v1";
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Embeds_through_the_endpoint_with_model_and_key_and_returns_unit_vectors_in_input_order()
    {
        await using var host = EmbeddingTestHost.Create("Remote", settings: Remote("sk-test"));
        var generator = (IEmbeddingGenerator<string, Embedding<float>>)host.Services.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>))!;

        var result = await generator.GenerateAsync(["one", "three"], null, CancellationToken.None);

        var (authorization, body) = Assert.Single(_requests);
        Assert.Equal("Bearer sk-test", authorization);
        Assert.Equal("fake-embed", body["model"]!.GetValue<string>());
        Assert.Equal(["one", "three"], body["input"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal([1f, 0f, 0f], result[0].Vector.ToArray());
        Assert.Equal(2, result.Count);
    }

    [Fact]
    public async Task A_reload_embeds_chunks_and_sentences_remotely_each_distinct_text_once_so_remote_mode_needs_no_local_model()
    {
        await using var host = EmbeddingTestHost.Create("Remote", settings: Remote(null));

        var report = await host.ReloadAsync();

        var sent = _requests.SelectMany(r => r.Body["input"]!.AsArray().Select(x => x!.GetValue<string>())).ToList();
        var chunks = await host.Corpus.GetChunksAsync((await host.VectorStore.ListChunkHashesAsync(CancellationToken.None)).Select(h => h.ChunkKey).ToList(), CancellationToken.None);
        Assert.Equal(report.Chunks, chunks.Count);
        Assert.All(chunks, c => Assert.Contains(c.Text, sent));
        Assert.True(sent.Count > chunks.Count, $"{sent.Count} texts sent for {chunks.Count} chunks: no sentences");
        Assert.Equal(sent.Count, sent.Distinct(StringComparer.Ordinal).Count());
        Assert.All(_requests, r => Assert.Equal("", r.Authorization));
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_with_doubling_back_off_on_the_host_clock_and_answers_stay_lexical_meanwhile()
    {
        _failNext = 2;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = EmbeddingTestHost.Create("Remote", settings: Remote(null), time: time);

        await host.ReloadAsync();
        var first = host.Backfill.Status;
        Assert.Equal(EmbeddingState.RetryingAfterFailure, first.State);
        Assert.Equal((1, TimeSpan.FromSeconds(10)), (first.Failures, first.RetryIn));
        Assert.Contains("503", first.Reason, StringComparison.Ordinal);
        Assert.Equal(first.Coverage!.Texts, first.Coverage.Missing);
        Assert.Single(_requests);
        var answer = (await host.SayAsync("Did Kazakhstan recognise Donetsk and Luhansk?")).Answer!;
        Assert.Contains("would not recognise", answer.Text, StringComparison.Ordinal);

        var second = host.NextStatusAsync(s => s.Failures == 2);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(20), (await second).RetryIn);
        Assert.Equal(2, _requests.Count);

        var recovered = host.NextStatusAsync(s => s.State == EmbeddingState.Idle);
        time.Advance(TimeSpan.FromSeconds(20));
        var done = await recovered;

        Assert.Equal(0, done.Coverage!.Missing);
        Assert.True(_requests.Count > 2);
        Assert.True((await host.Vectors.GetAsync(CancellationToken.None)).Count > 0);
    }

    [Fact]
    public async Task With_the_endpoint_refusing_connections_index_reports_the_missing_vectors_and_exits_75_and_ask_answers_from_word_search()
    {
        var (root, sources) = TestWorkspace.Create("kzbot-emb-cli-");
        try
        {
            TestWorkspace.CopySeeds(sources);
            string[] remote = ["--sources", sources, "--data", Path.Combine(root, "data"), "--Retrieval:Embeddings=Remote", $"--Retrieval:RemoteEmbeddings:Endpoint=http://127.0.0.1:{ClosedPort()}/v1"];

            var (code, stdout, stderr) = await KzBotCli.RunAsync([.. remote.Prepend("index")]);

            Assert.Equal(75, code);
            Assert.Contains("added", stdout, StringComparison.Ordinal);
            Assert.Matches(@"Embeddings: ([\d,]+) of \1 passages have no vectors yet", stdout);
            Assert.Contains("Embedding failed", stderr, StringComparison.Ordinal);

            (code, stdout, _) = await KzBotCli.RunAsync([.. remote.Prepend("ask").Append("Did Kazakhstan recognise Donetsk and Luhansk?")]);

            Assert.Equal(0, code);
            Assert.Contains("would not recognise", stdout, StringComparison.Ordinal);
        }
        finally
        {
            TestWorkspace.Delete(root);
        }
    }

    /// <summary>A loopback port nothing listens on: connections to it are refused at once.</summary>
    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task A_failing_endpoint_reports_the_status_without_echoing_the_key()
    {
        _status = 401;
        await using var host = EmbeddingTestHost.Create("Remote", settings: Remote("sk-secret"));
        var generator = (IEmbeddingGenerator<string, Embedding<float>>)host.Services.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>))!;

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => generator.GenerateAsync(["x"], null, CancellationToken.None));

        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_mode_without_an_endpoint_is_refused_at_start_up()
    {
        await using var host = EmbeddingTestHost.Create("Remote");

        var ex = Assert.Throws<OptionsValidationException>(() => ((IOptions<EmbeddingOptions>)host.Services.GetService(typeof(IOptions<EmbeddingOptions>))!).Value);

        Assert.Contains("Endpoint", ex.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Remote(string? key) => new()
    {
        ["Retrieval:RemoteEmbeddings:Endpoint"] = Endpoint,
        ["Retrieval:RemoteEmbeddings:Model"] = "fake-embed",
        ["Retrieval:RemoteEmbeddings:ApiKey"] = key,
    };

}
