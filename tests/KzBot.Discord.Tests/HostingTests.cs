using KzBot.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Discord.Tests;

/// <summary>How the Discord bot is switched on, and which settings stop start-up.</summary>
public sealed class HostingTests
{
    [Fact]
    public void Without_a_token_the_platform_is_off_and_says_how_to_turn_it_on()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddDiscordBot();
        using var host = builder.Build();

        var platform = Assert.Single(host.Services.GetServices<BotPlatform>());
        Assert.False(platform.Enabled);
        Assert.Contains("Discord:BotToken", platform.HowToEnable, StringComparison.Ordinal);
        Assert.Empty(host.Services.GetServices<IHostedService>());
    }

    [Theory]
    [InlineData("Discord:ShardId", "1", "ShardId")]
    [InlineData("Discord:ApiBaseUrl", "not a url", "ApiBaseUrl")]
    [InlineData("Discord:AdminUserIds:0", "maria", "AdminUserIds")]
    [InlineData("Discord:BotToken", "Bot abc", "whitespace")]
    public void Invalid_settings_stop_start_up_with_a_message_that_never_shows_the_token(string key, string value, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Discord:BotToken"] = "secret-token-value";
        builder.Configuration[key] = value;
        builder.AddDiscordBot();
        using var host = builder.Build();

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<DiscordOptions>>().Value);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-value", ex.Message, StringComparison.Ordinal);
    }
}
