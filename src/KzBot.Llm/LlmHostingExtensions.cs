using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Llm;

public static class LlmHostingExtensions
{
    /// <summary>The Semantic Kernel composer and question rewriter with their options and prompts; whether they answer is the caller's choice.</summary>
    public static IHostApplicationBuilder AddLlmAnswers(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;
        services.AddOptions<LlmOptions>().Bind(builder.Configuration.GetSection(LlmOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmOptions>>(new LlmOptionsValidator(contentRoot));

        // Polly owns the timeout (per attempt, on the injected TimeProvider); HttpClient's own 100 s must not cut in first.
        services.AddHttpClient(ChatModel.HttpClientName, c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan);

        services.AddSingleton(sp => PromptLibrary.Load(PromptLibrary.Resolve(sp.GetRequiredService<IOptions<LlmOptions>>().Value.PromptsPath, contentRoot)));
        services.AddSingleton<ChatPrompts>();
        services.AddSingleton<ModelCallLimiter>();
        services.AddSingleton<ChatModel>();
        services.AddSingleton<LlmComposer>();
        services.AddSingleton<LlmQuestionRewriter>();
        return builder;
    }
}
