using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

/// <summary>Any OpenAI-compatible <c>POST {endpoint}/embeddings</c> (OpenAI, Azure OpenAI, Ollama, llama.cpp, vLLM).</summary>
internal sealed class RemoteEmbeddingGenerator(IHttpClientFactory httpClients, IOptions<EmbeddingOptions> options) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string HttpClientName = "KzBot.Embeddings.Remote";

    private readonly RemoteEmbeddingOptions _remote = options.Value.RemoteEmbeddings;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values.ToList();
        using var client = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_remote.Endpoint!.TrimEnd('/') + "/embeddings"))
        {
            Content = JsonContent.Create(new EmbeddingRequest(_remote.Model, inputs), RemoteEmbeddingJson.Default.EmbeddingRequest),
        };
        if (!string.IsNullOrEmpty(_remote.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _remote.ApiKey);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // Status only: the body of an auth failure can echo the key back.
            throw new HttpRequestException($"The embeddings endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        var body = await response.Content.ReadFromJsonAsync(RemoteEmbeddingJson.Default.EmbeddingResponse, cancellationToken);
        var data = body?.Data ?? [];
        if (data.Count != inputs.Count)
        {
            throw new HttpRequestException($"The embeddings endpoint returned {data.Count} vectors for {inputs.Count} inputs.");
        }

        return new GeneratedEmbeddings<Embedding<float>>(data.OrderBy(d => d.Index).Select(d => new Embedding<float>(Normalise(d.Embedding)) { ModelId = _remote.Model }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("OpenAI-compatible", Uri.TryCreate(_remote.Endpoint, UriKind.Absolute, out var u) ? u : null, _remote.Model)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    // The vector index ranks by dot product, which is cosine only for unit vectors; not every server normalises.
    private static float[] Normalise(float[] v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (norm > 0 && Math.Abs(norm - 1) > 1e-4)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        }

        return v;
    }
}

internal sealed record EmbeddingRequest([property: JsonPropertyName("model")] string Model, [property: JsonPropertyName("input")] IReadOnlyList<string> Input);

internal sealed record EmbeddingResponse([property: JsonPropertyName("data")] IReadOnlyList<EmbeddingItem>? Data);

internal sealed record EmbeddingItem([property: JsonPropertyName("index")] int Index, [property: JsonPropertyName("embedding")] float[] Embedding);

[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
internal sealed partial class RemoteEmbeddingJson : JsonSerializerContext;
