using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace KzBot.Discord.Tests.Fakes;

/// <summary>The server side of one gateway WebSocket, scripted by a test.</summary>
public sealed class FakeGatewayConnection
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly WebSocket _socket;
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly TaskCompletionSource<int?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FakeGatewayConnection(WebSocket socket, string path, string query)
    {
        _socket = socket;
        Path = path;
        Query = query;
    }

    public string Path { get; }

    public string Query { get; }

    /// <summary>Answer heartbeats with op 11; turn off to make the connection look dead to the client.</summary>
    public bool AutoAck { get; set; } = true;

    /// <summary>Completes when the client closed: its close code, or null when the socket dropped without one.</summary>
    public Task<int?> ClientClosed => _closed.Task;

    public List<JsonElement> Heartbeats { get; } = [];

    internal async Task RunAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult((int?)result.CloseStatus);
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var json = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                if (json.GetProperty("op").GetInt32() == 1)
                {
                    lock (Heartbeats)
                    {
                        Heartbeats.Add(json);
                    }

                    if (AutoAck)
                    {
                        await SendAsync("""{"op":11}""");
                    }
                }

                await _received.Writer.WriteAsync(json);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _closed.TrySetResult(null);
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    public async Task SendAsync(string json)
    {
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Sends one payload in several frames, as Discord does with large READY and GUILD_CREATE events.</summary>
    public async Task SendFragmentedAsync(string json, int chunk)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        await _send.WaitAsync();
        try
        {
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                var n = Math.Min(chunk, bytes.Length - i);
                await _socket.SendAsync(bytes.AsMemory(i, n), WebSocketMessageType.Text, i + n >= bytes.Length, CancellationToken.None);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    public Task HelloAsync(int heartbeatIntervalMs = 45_000) =>
        SendAsync($$"""{"op":10,"d":{"heartbeat_interval":{{heartbeatIntervalMs}}},"s":null,"t":null}""");

    public Task DispatchAsync(string type, string data, long seq) =>
        SendAsync($$"""{"op":0,"d":{{data}},"s":{{seq}},"t":"{{type}}"}""");

    /// <summary>The next payload with this op from the client (heartbeats are skipped unless asked for).</summary>
    public async Task<JsonElement> ExpectAsync(int op)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var json = await _received.Reader.ReadAsync(cts.Token);
            var got = json.GetProperty("op").GetInt32();
            if (got == op)
            {
                return json;
            }

            if (got != 1)
            {
                throw new InvalidOperationException($"Expected op {op}, got {json}");
            }
        }
    }

    public Task CloseAsync(int code) => CloseCoreAsync(code);

    public void Abort() => _socket.Abort();

    private async Task CloseCoreAsync(int code)
    {
        await _send.WaitAsync();
        try
        {
            await _socket.CloseOutputAsync((WebSocketCloseStatus)code, "test", CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }
}
