using KzBot.Core.Text;
using Microsoft.Extensions.Options;

namespace KzBot.Llm;

/// <summary>
/// Start-up checks for the <c>Llm</c> section, each failure a sentence that says what to set. Registered only when
/// <c>Answering:Composer</c> is <c>Llm</c>, so an extractive bot never needs these settings. The prompt files are
/// checked here too, so a missing or broken prompt stops start-up like any other configuration error.
/// </summary>
public sealed class LlmOptionsValidator(string contentRoot) : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Endpoint))
        {
            errors.Add("Llm:Endpoint is required when Answering:Composer is Llm: the OpenAI-compatible base URL including /v1, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.");
        }
        else if (!WebLink.IsHttp(o.Endpoint))
        {
            errors.Add($"Llm:Endpoint '{o.Endpoint}' is not an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(o.Model))
        {
            errors.Add("Llm:Model is required when Answering:Composer is Llm (the model name the endpoint serves, e.g. gpt-4o-mini or qwen2.5:7b).");
        }

        Check(errors, o.Temperature is >= 0 and <= 2, "Llm:Temperature must be between 0 and 2.");
        Check(errors, o.MaxAnswerTokens is >= 16 and <= 32_000, "Llm:MaxAnswerTokens must be between 16 and 32000.");
        Check(errors, o.Timeout >= TimeSpan.FromSeconds(1) && o.Timeout <= TimeSpan.FromMinutes(10), "Llm:Timeout must be between 00:00:01 and 00:10:00.");
        Check(errors, o.RetryDelay >= TimeSpan.Zero && o.RetryDelay <= TimeSpan.FromMinutes(1), "Llm:RetryDelay must be between 00:00:00 and 00:01:00.");
        Check(errors, o.MaxConcurrentCalls is >= 1 and <= 256, "Llm:MaxConcurrentCalls must be between 1 and 256.");
        Check(errors, o.CircuitFailureRatio is > 0 and <= 1, "Llm:CircuitFailureRatio must be above 0 and at most 1.");
        Check(errors, o.CircuitMinimumCalls >= 2, "Llm:CircuitMinimumCalls must be at least 2.");
        Check(errors, o.CircuitSamplingWindow >= TimeSpan.FromSeconds(1), "Llm:CircuitSamplingWindow must be at least 00:00:01.");
        Check(errors, o.CircuitBreakDuration >= TimeSpan.FromSeconds(1), "Llm:CircuitBreakDuration must be at least 00:00:01.");

        try
        {
            PromptLibrary.Load(PromptLibrary.Resolve(o.PromptsPath, contentRoot));
        }
        catch (PromptLoadException ex)
        {
            errors.AddRange(ex.Errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }
}
