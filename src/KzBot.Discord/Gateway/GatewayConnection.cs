using System.Buffers;
using System.Net.WebSockets;

namespace KzBot.Discord.Gateway;

/// <summary>
/// One WebSocket to the gateway. A <see cref="ClientWebSocket"/> allows one receive and one send at a time and cannot be
/// reopened, so each (re)connect makes a new one, receives run on one loop, and sends are serialized here.
/// </summary>
internal sealed class GatewayConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly GatewaySendLimiter _limiter;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    private GatewayConnection(ClientWebSocket socket, TimeProvider time)
    {
        _socket = socket;
        _limiter = new GatewaySendLimiter(time);
    }

    /// <summary>The close code the server sent, or null when the connection dropped without one.</summary>
    public int? CloseStatus => (int?)_socket.CloseStatus;

    public static async Task<GatewayConnection> ConnectAsync(Uri url, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        // Discord's op 1 heartbeats keep the session alive; protocol pings add nothing.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
            return new GatewayConnection(socket, time);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next whole payload (fragments reassembled until EndOfMessage), or null once the socket is closed.</summary>
    public async Task<GatewayFrame?> ReceiveAsync(CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        while (true)
        {
            var memory = _buffer.GetMemory(8 * 1024);
            var result = await _socket.ReceiveAsync(memory, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    // Answer the close quickly, without waiting long for a dead peer.
                    await TryCloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure);
                }

                return null;
            }

            _buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Text ? GatewayFrame.Parse(_buffer.WrittenMemory) : null;
            }
        }
    }

    /// <param name="priority">Heartbeats, identify and resume: may use the reserve of the send limit.</param>
    public async Task SendAsync(byte[] payload, bool priority, CancellationToken cancellationToken)
    {
        if (payload.Length > GatewayFrames.MaxPayloadBytes)
        {
            throw new InvalidOperationException($"Gateway payload of {payload.Length} bytes exceeds Discord's {GatewayFrames.MaxPayloadBytes}-byte limit.");
        }

        await _limiter.WaitAsync(priority, cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Sends a close frame. 1000 would end the session; any other code keeps it resumable.
    /// </summary>
    public async Task CloseAsync(int code)
    {
        await _writeLock.WaitAsync();
        try
        {
            await TryCloseOutputAsync((WebSocketCloseStatus)code);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Abort() => _socket.Abort();

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task TryCloseOutputAsync(WebSocketCloseStatus status)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        // A real-time bound: this only keeps a dead peer from holding shutdown or a reconnect.
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await _socket.CloseOutputAsync(status, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }
}
