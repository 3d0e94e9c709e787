using System.Threading.Channels;
using KzBot.Telegram.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace KzBot.Telegram.Receiving;

/// <summary>
/// Received updates waiting for the <see cref="UpdateDispatcher"/>. Bounded: when it is full, the receiver waits
/// (polling stops asking, a webhook call takes longer) instead of dropping updates.
/// </summary>
internal sealed class UpdateQueue(IOptions<TelegramOptions> options)
{
    private readonly Channel<Update> _channel = Channel.CreateBounded<Update>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ChannelReader<Update> Reader => _channel.Reader;

    public ValueTask EnqueueAsync(Update update, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(update, cancellationToken);
}
