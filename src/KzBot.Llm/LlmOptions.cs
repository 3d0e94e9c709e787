namespace KzBot.Llm;

/// <summary>The model KzBot writes answers with (<c>Llm</c> section); read only when <c>Answering:Composer</c> is <c>Llm</c>.</summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary>Base URL of any OpenAI-compatible API, including <c>/v1</c> (OpenAI, Azure OpenAI's compatible endpoint, Ollama, llama.cpp, vLLM, LM Studio).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name the endpoint knows ("gpt-4o-mini", "qwen2.5:7b"…).</summary>
    public string? Model { get; set; }

    /// <summary>From the environment (<c>KZBOT__Llm__ApiKey</c>) or user secrets only; local servers need none.</summary>
    public string? ApiKey { get; set; }

    public double Temperature { get; set; } = 0.1;

    public int MaxAnswerTokens { get; set; } = 600;

    /// <summary>How long one model call may take before it counts as failed (a timed-out call is retried once).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Pause before the single retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Model calls in flight at once; more questions wait for a free slot.</summary>
    public int MaxConcurrentCalls { get; set; } = 4;

    /// <summary>
    /// When the retrieval gate is unsure (related sentences found, but not enough of the question's words in one),
    /// let the model read the passages and answer or say they do not; off, such questions get the closest passages
    /// without a model call.
    /// </summary>
    public bool ReadWhenUnsure { get; set; } = true;

    /// <summary>What a model answer with no valid citation becomes.</summary>
    public NoCitationFallback NoCitationFallback { get; set; } = NoCitationFallback.Refuse;

    /// <summary>The circuit opens when at least this share of calls failed…</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>…among at least this many calls…</summary>
    public int CircuitMinimumCalls { get; set; } = 4;

    /// <summary>…within this window.</summary>
    public TimeSpan CircuitSamplingWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>While open, answers are extractive and the model is not called.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Folder holding system.txt, grounded-answer.txt and follow-up-rewrite.txt.</summary>
    public string PromptsPath { get; set; } = "prompts";
}

public enum NoCitationFallback
{
    Refuse,
    Extractive,
}
