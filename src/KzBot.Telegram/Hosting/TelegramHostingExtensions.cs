using KzBot.Core.Hosting;
using KzBot.Core.Telemetry;
using KzBot.Telegram.Hosting;
using KzBot.Telegram.Receiving;
using KzBot.Telegram.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Telegram;

public static class TelegramHostingExtensions
{
    private const string Platform = "telegram";

    /// <summary>Registers the Telegram bot when <c>Telegram:BotToken</c> is set; otherwise only reports how to enable it.</summary>
    public static IHostApplicationBuilder AddTelegramBot(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelegramOptions.Section);
        var enabled = !string.IsNullOrWhiteSpace(section["BotToken"]);
        builder.Services.AddSingleton(new BotPlatform(Platform, enabled, "set Telegram:BotToken (environment KZBOT__Telegram__BotToken, or user secrets)"));
        if (!enabled)
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<TelegramOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();

        services.AddKeyedSingleton(Platform, (sp, _) => new PlatformLink(Platform, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<PlatformLink>(Platform));

        // No logging handlers: they log request URLs, and every Bot API URL contains the token.
        services.AddHttpClient(TelegramClientFactory.HttpClientName).RemoveAllLoggers()
            .AddHttpMessageHandler(sp => new PlatformHttpObserver(Platform, sp.GetRequiredService<KzBotMetrics>(), sp.GetRequiredKeyedService<PlatformLink>(Platform), Receives));

        services.AddSingleton<TelegramClientFactory>();
        services.AddSingleton<TokenRedactor>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<CommandMenu>();
        services.AddSingleton<BotStartup>();
        services.AddSingleton<UpdateQueue>();
        services.AddSingleton(sp => new QueueDepthSource("telegram.updates", () => sp.GetRequiredService<UpdateQueue>().Reader.Count));
        services.AddSingleton<UpdateHandler>();
        services.AddSingleton<DocumentDownload>();
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton<TelegramSender>();
        services.AddSingleton<TypingIndicator>();
        services.AddHostedService<UpdateDispatcher>();

        if (Enum.TryParse<TelegramMode>(section["Mode"], ignoreCase: true, out var mode) && mode == TelegramMode.Webhook)
        {
            services.AddSingleton<WebhookServer>();
            services.AddHostedService(sp => sp.GetRequiredService<WebhookServer>());
        }
        else
        {
            services.AddHostedService<PollingWorker>();
        }

        return builder;
    }

    /// <summary>The Bot API calls whose success means updates can reach the bot.</summary>
    private static bool Receives(HttpRequestMessage request) =>
        request.RequestUri?.AbsolutePath is { } path
        && (path.EndsWith("/getUpdates", StringComparison.Ordinal) || path.EndsWith("/deleteWebhook", StringComparison.Ordinal)
            || path.EndsWith("/setWebhook", StringComparison.Ordinal) || path.EndsWith("/getMe", StringComparison.Ordinal));
}
