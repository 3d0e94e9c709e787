namespace KzBot.Core.Chat;

/// <summary>Where a <see cref="ChatTurn"/> sends its reply: the adapter's rendering and sending for one platform event.</summary>
public interface IReplyTarget
{
    /// <summary>Starts the platform's working signal (typing, a deferred interaction); disposing it stops the signal.</summary>
    Task<IAsyncDisposable> ShowWorkingAsync(CancellationToken cancellationToken);

    /// <summary>Renders and sends the reply; returns the platform ids of the messages that were sent.</summary>
    Task<IReadOnlyList<string>> SendAsync(EngineReply reply, CancellationToken cancellationToken);
}
