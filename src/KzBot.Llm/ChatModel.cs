using System.ClientModel;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace KzBot.Llm;

/// <summary>
/// One chat completion through Semantic Kernel's OpenAI connector, made safe: bounded concurrency, a timeout per
/// attempt, one retry for failures that are worth retrying (timeouts, 408/429/5xx, broken replies), and a circuit
/// breaker that stops calling an endpoint that keeps failing. It never throws for a model problem: callers get
/// <see cref="ModelReply.Failed"/> and fall back.
/// </summary>
public sealed class ChatModel
{
    public const string HttpClientName = "kzbot-llm";

    private readonly IHttpClientFactory _httpClients;
    private readonly LlmOptions _options;
    private readonly ModelCallLimiter _limiter;
    private readonly ILogger<ChatModel> _logger;
    private readonly ResiliencePipeline _pipeline;

    public ChatModel(IHttpClientFactory httpClients, IOptions<LlmOptions> options, ModelCallLimiter limiter, TimeProvider time, ILoggerFactory loggers)
    {
        _httpClients = httpClients;
        _options = options.Value;
        _limiter = limiter;
        _logger = loggers.CreateLogger<ChatModel>();
        var transient = new PredicateBuilder().Handle<Exception>(IsTransient);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = 1,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                OnRetry = args =>
                {
                    _logger.LogWarning("Model call failed ({Reason}); retrying once", Reason(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = _options.CircuitFailureRatio,
                MinimumThroughput = _options.CircuitMinimumCalls,
                SamplingDuration = _options.CircuitSamplingWindow,
                BreakDuration = _options.CircuitBreakDuration,
            })
            .AddTimeout(_options.Timeout)
            .Build();
    }

    public async Task<ModelReply> CompleteAsync(ChatHistory history, int maxTokens, string purpose, CancellationToken cancellationToken)
    {
        using var slot = await _limiter.AcquireAsync(cancellationToken);
        if (slot is null)
        {
            _logger.LogWarning("Model call for {Purpose} not made: no free slot within {Timeout}", purpose, _options.Timeout);
            return ModelReply.Failed("busy");
        }

        try
        {
            var text = await _pipeline.ExecuteAsync(async ct => await CallAsync(history, maxTokens, ct), cancellationToken);
            return ModelReply.Ok(text);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = Reason(ex);
            _logger.LogWarning("Model call for {Purpose} failed ({Reason}); falling back", purpose, reason);
            return ModelReply.Failed(reason);
        }
    }

    private async Task<string> CallAsync(ChatHistory history, int maxTokens, CancellationToken cancellationToken)
    {
        // The connector posts to {BaseAddress}chat/completions when given a client with a base address, which is how
        // any OpenAI-compatible server is reached without the connector's experimental endpoint overload.
        var http = _httpClients.CreateClient(HttpClientName);
        http.BaseAddress = new Uri(_options.Endpoint!.TrimEnd('/') + "/");
        var service = new OpenAIChatCompletionService(_options.Model!, ApiKeyOrPlaceholder(), httpClient: http);
        var settings = new OpenAIPromptExecutionSettings
        {
            Temperature = _options.Temperature,
            MaxTokens = maxTokens,
        };
        var reply = await service.GetChatMessageContentAsync(history, settings, kernel: null, cancellationToken);
        var text = reply.Content;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new MalformedModelReplyException("The model's reply has no text.");
        }

        return text.Trim();
    }

    // A short cause, not the exception: messages and stack traces can carry the endpoint's reply and are noise in a
    // log that is read to see whether the model is up.
    private static string Reason(Exception? ex) => ex switch
    {
        null => "no result",
        BrokenCircuitException => "circuit open",
        TimeoutRejectedException => "timeout",
        HttpOperationException { StatusCode: { } status } => $"HTTP {(int)status}",
        HttpOperationException { InnerException.InnerException: HttpRequestException } or HttpOperationException { InnerException: HttpRequestException } or HttpRequestException => "connection failed",
        MalformedModelReplyException => "empty reply",
        _ => ex.GetType().Name,
    };

    // Local servers (Ollama, llama.cpp) need no key, but the connector wants one to send.
    private string ApiKeyOrPlaceholder() => string.IsNullOrEmpty(_options.ApiKey) ? "unused" : _options.ApiKey;

    /// <summary>Worth one more try: the same request may well succeed in a moment. A 400 or 401 would not.</summary>
    internal static bool IsTransient(Exception ex) => ex switch
    {
        TimeoutRejectedException or MalformedModelReplyException or JsonException or HttpRequestException => true,
        HttpOperationException { StatusCode: null } h => h.InnerException is not OperationCanceledException,
        HttpOperationException { StatusCode: { } status } => IsTransientStatus((int)status),
        ClientResultException c => c.Status == 0 || IsTransientStatus(c.Status),
        _ => false,
    };

    private static bool IsTransientStatus(int status) => status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;
}

/// <summary>What a model call came back with: the text, or why there is none.</summary>
public sealed record ModelReply(string? Text, string? Failure)
{
    public bool Succeeded => Text is not null;

    public static ModelReply Ok(string text) => new(text, null);

    public static ModelReply Failed(string reason) => new(null, reason);
}

/// <summary>The endpoint answered 200 but with nothing usable.</summary>
public sealed class MalformedModelReplyException(string message) : Exception(message);
