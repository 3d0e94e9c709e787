using System.Security.Cryptography;

namespace KzBot.Core.Chat;

/// <summary>A question the bot asks before a destructive command, with the token its button carries.</summary>
public sealed record Confirmation(string Token, string ButtonLabel);

/// <summary>A confirmed action, as it was asked for.</summary>
public sealed record PendingAction(string Platform, string UserId, string Command, string Argument, DateTimeOffset Expires);

/// <summary>What pressing a confirmation button gives: the action to run, or the reason the person pressing is told.</summary>
public sealed record TakenConfirmation(PendingAction? Action, string? Refusal);

/// <summary>
/// Confirmation tokens for destructive admin commands: each is bound to the admin who asked and to the one action,
/// and expires after a few minutes, so a button pressed later or by someone else does nothing. Replicas share them,
/// since a webhook behind a load balancer delivers the press to any replica.
/// </summary>
public interface IPendingConfirmations
{
    ValueTask<string> CreateAsync(string platform, string userId, string command, string argument, CancellationToken cancellationToken);

    /// <summary>The action, removed so it runs once; or why not.</summary>
    ValueTask<TakenConfirmation> TakeAsync(string token, string platform, string userId, CancellationToken cancellationToken);
}

/// <summary>The rules every store of confirmations applies, so a press is judged the same on every engine.</summary>
public static class PendingConfirmations
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public const string NoLongerValid = "This confirmation is no longer valid; send the command again.";

    public const string NotYours = "Only the admin who asked can confirm this.";

    /// <summary>Short enough for Telegram's 64-byte callback data and Discord's custom ids, with the prefix.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Whether the one who pressed asked for it; checked before the action is removed, so a stranger's press leaves it.</summary>
    public static bool BelongsTo(PendingAction action, string platform, string userId) => action.Platform == platform && action.UserId == userId;

    /// <summary>The verdict on an action already taken out of the store.</summary>
    public static TakenConfirmation Judge(PendingAction? taken, DateTimeOffset now) =>
        taken is null ? new TakenConfirmation(null, NoLongerValid)
        : taken.Expires <= now ? new TakenConfirmation(null, $"This confirmation expired after {Lifetime.TotalMinutes:0} minutes; send /{taken.Command} {taken.Argument} again.")
        : new TakenConfirmation(taken, null);
}
