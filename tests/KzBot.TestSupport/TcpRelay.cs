using System.Net;
using System.Net.Sockets;

namespace KzBot.TestSupport;

/// <summary>
/// A loopback TCP relay to a server. Cutting it closes every relayed connection and refuses new ones, so a test can
/// make one host lose its database as a crashed or cut-off process would, while other hosts keep theirs.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _cut = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Closes every connection through the relay and stops accepting.</summary>
    public async Task CutAsync()
    {
        await _cut.CancelAsync();
        _listener.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_cut.IsCancellationRequested)
        {
            await CutAsync();
        }

        _cut.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_cut.IsCancellationRequested)
        {
            var inbound = await _listener.AcceptTcpClientAsync(_cut.Token);
            var outbound = new TcpClient();
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _cut.Token);
            lock (_open)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _cut.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
