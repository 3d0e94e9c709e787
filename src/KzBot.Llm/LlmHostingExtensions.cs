using KzBot.Core.Answering;
using KzBot.Core.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Llm;

public static class LlmHostingExtensions
{
    /// <summary>Replaces the extractive composer and rewriter with the Semantic Kernel ones when <c>Answering:Composer</c> is <c>Llm</c>.</summary>
    public static IHostApplicationBuilder AddLlmAnswers(this IHostApplicationBuilder builder)
    {
        var composer = builder.Configuration.GetValue<ComposerKind?>($"{AnsweringOptions.Section}:{nameof(AnsweringOptions.Composer)}");
        if (composer != ComposerKind.Llm)
        {
            return builder;
        }

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
        services.Replace(ServiceDescriptor.Singleton<IAnswerComposer>(sp => sp.GetRequiredService<LlmComposer>()));
        services.Replace(ServiceDescriptor.Singleton<IQuestionRewriter>(sp => sp.GetRequiredService<LlmQuestionRewriter>()));
        return builder;
    }
}
