using KzBot.Core.Text;
using Microsoft.Extensions.Options;

namespace KzBot.Discord;

/// <summary>Checks the settings that data annotations cannot, at start-up. Messages never echo the token.</summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            errors.Add("Discord:BotToken is required (environment KZBOT__Discord__BotToken, or user secrets).");
        }
        else if (options.BotToken.Any(char.IsWhiteSpace))
        {
            errors.Add("Discord:BotToken must not contain whitespace; paste the token only, without \"Bot \".");
        }

        if (!WebLink.IsHttp(options.ApiBaseUrl))
        {
            errors.Add("Discord:ApiBaseUrl must be an absolute http(s) URL.");
        }

        if (options.GatewayUrl is { Length: > 0 } gw && !(Uri.TryCreate(gw, UriKind.Absolute, out var g) && g.Scheme is "ws" or "wss"))
        {
            errors.Add("Discord:GatewayUrl must be an absolute ws(s) URL.");
        }

        if (options.ShardId is { } id && (options.ShardCount is not { } count || id >= count))
        {
            errors.Add("Discord:ShardId needs Discord:ShardCount, and must be less than it.");
        }

        if (options.ShardIds.Count > 0 && (options.ShardCount is not { } total || options.ShardIds.Any(s => s < 0 || s >= total)
            || options.ShardIds.Distinct().Count() != options.ShardIds.Count || options.ShardId is not null))
        {
            errors.Add("Discord:ShardIds needs Discord:ShardCount, each id less than it and listed once, and no Discord:ShardId beside it.");
        }

        foreach (var (key, ids) in new[] { ("AnswerAllChannelIds", options.AnswerAllChannelIds), ("AdminUserIds", options.AdminUserIds) })
        {
            if (ids.Any(i => !IsSnowflake(i)))
            {
                errors.Add($"Discord:{key} must hold numeric ids (snowflakes).");
            }
        }

        foreach (var (key, value) in new[] { ("ApplicationId", options.ApplicationId), ("DevGuildId", options.DevGuildId) })
        {
            if (!string.IsNullOrEmpty(value) && !IsSnowflake(value))
            {
                errors.Add($"Discord:{key} must be a numeric id (snowflake).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsSnowflake(string s) => s.Length is > 0 and <= 20 && s.All(char.IsAsciiDigit);
}
