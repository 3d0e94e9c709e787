using Telegram.Bot.Types;

namespace KzBot.Telegram.Hosting;

/// <summary>The bot's own user (from getMe), needed to recognise mentions, replies to the bot and "/cmd@botname".</summary>
internal sealed class BotIdentity
{
    private readonly TaskCompletionSource<User> _me = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set(User me) => _me.TrySetResult(me);

    public Task<User> GetAsync(CancellationToken cancellationToken) => _me.Task.WaitAsync(cancellationToken);
}
