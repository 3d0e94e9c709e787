using KzBot.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Discord;

public static class DiscordHostingExtensions
{
    /// <summary>Registers the Discord bot when it is configured.</summary>
    public static IHostApplicationBuilder AddDiscordBot(this IHostApplicationBuilder builder)
    {
        var token = builder.Configuration["Discord:BotToken"];
        builder.Services.AddSingleton(new BotPlatform("discord", !string.IsNullOrWhiteSpace(token), "set Discord:BotToken (environment KZBOT__Discord__BotToken, or user secrets)"));
        return builder;
    }
}
