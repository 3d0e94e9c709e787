using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KzBot.Core.Chat;

/// <summary>A question the bot asks before a destructive command, with the token its button carries.</summary>
public sealed record Confirmation(string Token, string ButtonLabel);

/// <summary>A confirmed action, as it was asked for.</summary>
public sealed record PendingAction(string Platform, string UserId, string Command, string Argument, DateTimeOffset Expires);

/// <summary>
/// Confirmation tokens for destructive admin commands: each is bound to the admin who asked and to the one action,
/// and expires after a few minutes, so a button pressed later or by someone else does nothing.
/// </summary>
public sealed class PendingConfirmations(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, PendingAction> _pending = new(StringComparer.Ordinal);

    public string Create(string platform, string userId, string command, string argument)
    {
        var now = time.GetUtcNow();
        foreach (var (token, old) in _pending)
        {
            if (old.Expires <= now)
            {
                _pending.TryRemove(token, out _);
            }
        }

        // Short enough for Telegram's 64-byte callback data and Discord's custom ids, with the prefix.
        var created = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _pending[created] = new PendingAction(platform, userId, command, argument, now + Lifetime);
        return created;
    }

    /// <summary>The action, removed so it runs once; or null with the reason the person pressing is told.</summary>
    public PendingAction? Take(string token, string platform, string userId, out string? refusal)
    {
        refusal = null;
        if (!_pending.TryGetValue(token, out var action))
        {
            refusal = "This confirmation is no longer valid; send the command again.";
            return null;
        }

        if (action.Platform != platform || action.UserId != userId)
        {
            refusal = "Only the admin who asked can confirm this.";
            return null;
        }

        _pending.TryRemove(token, out _);
        if (action.Expires <= time.GetUtcNow())
        {
            refusal = $"This confirmation expired after {Lifetime.TotalMinutes:0} minutes; send /{action.Command} {action.Argument} again.";
            return null;
        }

        return action;
    }
}
