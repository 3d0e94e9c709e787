using KzBot.Core.Hosting;
using KzBot.Telegram.Hosting;
using KzBot.Telegram.Receiving;
using KzBot.Telegram.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Telegram;

public static class TelegramHostingExtensions
{
    /// <summary>Registers the Telegram bot when <c>Telegram:BotToken</c> is set; otherwise only reports how to enable it.</summary>
    public static IHostApplicationBuilder AddTelegramBot(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelegramOptions.Section);
        var enabled = !string.IsNullOrWhiteSpace(section["BotToken"]);
        builder.Services.AddSingleton(new BotPlatform("telegram", enabled, "set Telegram:BotToken (environment KZBOT__Telegram__BotToken, or user secrets)"));
        if (!enabled)
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<TelegramOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();

        // No logging handlers: they log request URLs, and every Bot API URL contains the token.
        services.AddHttpClient(TelegramClientFactory.HttpClientName).RemoveAllLoggers();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TelegramClientFactory>();
        services.AddSingleton<TokenRedactor>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<CommandMenu>();
        services.AddSingleton<BotStartup>();
        services.AddSingleton<UpdateQueue>();
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
}
