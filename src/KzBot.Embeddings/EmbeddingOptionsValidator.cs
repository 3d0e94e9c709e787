using KzBot.Core.Text;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

/// <summary>Rules data annotations cannot state: positive durations; a remote mode needs somewhere to send text, and a model name.</summary>
internal sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        var failures = new List<string>();
        foreach (var (setting, value) in new[]
        {
            ("EmbeddingLease", options.EmbeddingLease),
            ("EmbeddingPollInterval", options.EmbeddingPollInterval),
            ("EmbeddingRetryDelay", options.EmbeddingRetryDelay),
            ("EmbeddingRetryMaxDelay", options.EmbeddingRetryMaxDelay),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Retrieval:{setting} must be positive.");
            }
        }

        if (options.Embeddings != EmbeddingMode.Remote)
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        var remote = options.RemoteEmbeddings;
        if (!WebLink.IsHttp(remote.Endpoint))
        {
            failures.Add("Retrieval:RemoteEmbeddings:Endpoint must be an http(s) URL such as http://localhost:11434/v1 when Retrieval:Embeddings is Remote.");
        }

        if (string.IsNullOrWhiteSpace(remote.Model))
        {
            failures.Add("Retrieval:RemoteEmbeddings:Model must name the embedding model when Retrieval:Embeddings is Remote.");
        }

        if (remote.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Retrieval:RemoteEmbeddings:Timeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
