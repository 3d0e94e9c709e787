using System.Collections.Concurrent;
using System.Numerics;
using KzBot.Discord.Models;

namespace KzBot.Discord.Bot;

/// <summary>What the gateway has told us that routing needs: who we are, and each guild's owner, roles and our managed role.</summary>
internal sealed class DiscordBotState
{
    private readonly ConcurrentDictionary<string, GuildInfo> _guilds = new();

    public string? SelfUserId { get; set; }

    public string? ApplicationId { get; set; }

    public void SetGuild(GuildCreateData guild) =>
        _guilds[guild.Id] = new GuildInfo(guild.OwnerId, new ConcurrentDictionary<string, DiscordRole>(guild.Roles.Select(r => KeyValuePair.Create(r.Id, r))));

    public void SetRole(string guildId, DiscordRole role)
    {
        if (_guilds.TryGetValue(guildId, out var guild))
        {
            guild.Roles[role.Id] = role;
        }
    }

    public void RemoveGuild(string guildId) => _guilds.TryRemove(guildId, out _);

    /// <summary>The role Discord created for the bot in a guild; people often mention it instead of the bot.</summary>
    public string? ManagedRoleId(string guildId) =>
        SelfUserId is { } self && _guilds.TryGetValue(guildId, out var g)
            ? g.Roles.Values.FirstOrDefault(r => r.Managed && r.Tags?.BotId == self)?.Id
            : null;

    /// <summary>Guild-level permissions from roles (messages carry no permissions field): owner, @everyone, member roles.</summary>
    public BigInteger? GuildPermissions(string guildId, string userId, IEnumerable<string> roleIds)
    {
        if (!_guilds.TryGetValue(guildId, out var g))
        {
            return null;
        }

        if (g.OwnerId == userId)
        {
            return Permissions.Administrator;
        }

        var total = BigInteger.Zero;
        foreach (var id in roleIds.Append(guildId))
        {
            if (g.Roles.TryGetValue(id, out var role))
            {
                total |= Permissions.Parse(role.Permissions);
            }
        }

        return total;
    }

    private sealed record GuildInfo(string? OwnerId, ConcurrentDictionary<string, DiscordRole> Roles);
}
