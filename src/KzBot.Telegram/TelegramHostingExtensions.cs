using KzBot.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Telegram;

public static class TelegramHostingExtensions
{
    /// <summary>Registers the Telegram bot when it is configured.</summary>
    public static IHostApplicationBuilder AddTelegramBot(this IHostApplicationBuilder builder)
    {
        var token = builder.Configuration["Telegram:BotToken"];
        builder.Services.AddSingleton(new BotPlatform("telegram", !string.IsNullOrWhiteSpace(token), "set Telegram:BotToken (environment KZBOT__Telegram__BotToken, or user secrets)"));
        return builder;
    }
}
