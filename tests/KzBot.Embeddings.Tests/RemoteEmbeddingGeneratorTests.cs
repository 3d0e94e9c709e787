using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings.Tests;

/// <summary>The remote generator against a loopback fake of an OpenAI-compatible /v1/embeddings.</summary>
public sealed class RemoteEmbeddingGeneratorTests : IAsyncLifetime
{
    private readonly List<(string? Authorization, JsonNode Body)> _requests = [];
    private WebApplication _app = null!;
    private int _status = 200;

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
    public async Task A_reload_embeds_chunks_remotely_so_remote_mode_needs_no_local_model()
    {
        await using var host = EmbeddingTestHost.Create("Remote", settings: Remote(null));

        var report = await host.ReloadAsync();

        // Each chunk, then each of its sentences (at least one a chunk).
        var inputs = _requests.SelectMany(r => r.Body["input"]!.AsArray()).Count();
        Assert.True(inputs >= 2 * report.Chunks, $"{inputs} texts sent for {report.Chunks} chunks");
        Assert.All(_requests, r => Assert.Equal("", r.Authorization));
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
