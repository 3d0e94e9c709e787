namespace KzBot.Discord.Gateway;

/// <summary>
/// Receives a shard's dispatches on its receive loop, in order. Implementations must return quickly (update state,
/// queue work): a receive loop that blocks past a heartbeat interval looks like a dead connection.
/// </summary>
internal interface IGatewayEventSink
{
    void OnDispatch(int shardId, GatewayFrame frame);
}
