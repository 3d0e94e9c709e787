using KzBot.Core.Chat;
using KzBot.Core.Hosting;
using KzBot.Core.Telemetry;
using KzBot.Discord.Bot;
using KzBot.Discord.Gateway;
using KzBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Discord;

public static class DiscordHostingExtensions
{
    /// <summary>The Discord bot's user agent; Discord asks for "DiscordBot (url, version)".</summary>
    private const string Platform = "discord";

    internal const string UserAgent = "DiscordBot (https://github.com/kzbot/kzbot, 1.0.0)";

    /// <summary>Registers the Discord bot when <c>Discord:BotToken</c> is set; otherwise only says how to enable it.</summary>
    public static IHostApplicationBuilder AddDiscordBot(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DiscordOptions.Section);
        var enabled = !string.IsNullOrWhiteSpace(section["BotToken"]);
        builder.Services.AddSingleton(new BotPlatform(Platform, enabled, "set Discord:BotToken (environment KZBOT__Discord__BotToken, or user secrets)"));
        if (!enabled)
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<DiscordOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();

        // No resilience handler: a generic retry would resend messages and fight the rate limiter.
        services.AddHttpClient(DiscordRestClient.HttpClientName, (sp, http) =>
        {
            var baseUrl = sp.GetRequiredService<IOptions<DiscordOptions>>().Value.ApiBaseUrl;
            // Relative paths resolve under the base only when it ends with '/', or "/api/v10" would be dropped.
            http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
            http.Timeout = TimeSpan.FromSeconds(30);
        }).AddHttpMessageHandler(sp => new PlatformHttpObserver(Platform, sp.GetRequiredService<KzBotMetrics>()));

        services.AddSingleton<RestRateLimiter>();
        services.AddSingleton<DiscordRestClient>();
        services.AddSingleton<GatewayInfoProvider>();
        services.AddSingleton<IdentifyGate>();
        services.AddSingleton<GatewayStatus>();
        services.AddSingleton<IStatsSource>(sp => sp.GetRequiredService<GatewayStatus>());
        services.AddSingleton(sp => sp.GetRequiredService<GatewayStatus>().Link);
        services.AddSingleton<DiscordBotState>();
        services.AddSingleton<TypingIndicator>();
        services.AddSingleton<MessageHandler>();
        services.AddSingleton<InteractionHandler>();
        services.AddSingleton<DiscordBotService>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscordBotService>());
        services.AddSingleton(sp => new QueueDepthSource("discord.events", () => sp.GetRequiredService<DiscordBotService>().QueueDepth));
        return builder;
    }
}
