using System.Net.WebSockets;
using System.Text.Json;
using KzBot.Discord.Models;
using Microsoft.Extensions.Logging;

namespace KzBot.Discord.Gateway;

/// <summary>How one connection ended, and so what the shard does next.</summary>
internal sealed record ConnectionOutcome(CloseAction Action, bool Shutdown, bool WasReady, TimeSpan WaitBeforeIdentify, int? CloseCode)
{
    public static ConnectionOutcome Stopped(bool wasReady) => new(CloseAction.Resume, true, wasReady, TimeSpan.Zero, null);
}

/// <summary>Where one connection is in the protocol.</summary>
internal enum ShardState
{
    /// <summary>Connected; Discord's Hello (with the heartbeat interval) has not come yet.</summary>
    AwaitingHello,

    /// <summary>Identify or Resume sent; READY or RESUMED has not come yet.</summary>
    AwaitingReady,

    /// <summary>Dispatches flow.</summary>
    Ready,

    /// <summary>We closed the socket and know what comes next (<see cref="ShardConnection"/>'s decided action).</summary>
    Closing,
}

/// <summary>
/// The protocol on one socket: Hello → heartbeats (first after a random share of the interval) → Identify or Resume →
/// dispatches. Ends when the socket closes, when Discord asks to reconnect (op 7, op 9), when heartbeats go
/// unacknowledged (a zombie connection) or when Hello or READY does not come in time (a server that accepted the socket
/// and says nothing); the close code it uses is never 1000, so the session stays resumable even across a shutdown.
/// </summary>
internal sealed class ShardConnection(
    GatewayConnection connection,
    ShardIdentity shard,
    GatewaySession session,
    IGatewayEventSink sink,
    GatewayStatus status,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Our close code for "reconnect and resume": anything but 1000/1001 keeps the session.</summary>
    public const int ResumeCloseCode = 4000;

    /// <summary>Discord says Hello as soon as the socket opens; this long without it means the connection is dead.</summary>
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(20);

    /// <summary>READY can wait for guild data on large bots, so it gets more room than Hello.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _receive = new();
    private readonly Lock _stateLock = new();
    private volatile bool _acked = true;
    private long _beatSentAt;
    private ShardState _state = ShardState.AwaitingHello;
    private CloseAction _decided = CloseAction.Resume;
    private TimeSpan _identifyWait;
    private bool _wasReady;

    public async Task<ConnectionOutcome> RunAsync(bool resume, CancellationToken stopping)
    {
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(_receive.Token);
        _ = WatchAsync(ShardState.AwaitingHello, HelloTimeout, "Hello", heartbeat.Token);
        // Shutdown closes with a resumable code, so the session outlives a restart or a rolling update instead of
        // Discord showing the bot offline and dropping its events, and lets the close handshake end the receive loop:
        // cancelling a receive would abort the socket without a close frame.
        await using var onStop = stopping.Register(() => _ = CloseAsync(ResumeCloseCode));
        try
        {
            while (true)
            {
                GatewayFrame? frame;
                try
                {
                    frame = await connection.ReceiveAsync(_receive.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
                {
                    if (!stopping.IsCancellationRequested && State != ShardState.Closing)
                    {
                        logger.LogInformation("Shard {Shard}: gateway connection dropped ({Reason}); resuming", shard.Id, ex.Message);
                    }

                    return Ended(null, stopping);
                }

                if (frame is null)
                {
                    return Ended(connection.CloseStatus, stopping);
                }

                await HandleAsync(frame, resume, heartbeat.Token);
            }
        }
        finally
        {
            await heartbeat.CancelAsync();
        }
    }

    private async Task HandleAsync(GatewayFrame frame, bool resume, CancellationToken heartbeatToken)
    {
        switch (frame.Op)
        {
            case GatewayOpcode.Hello:
                var hello = frame.Data.Deserialize(DiscordJsonContext.Default.HelloData)!;
                var interval = TimeSpan.FromMilliseconds(hello.HeartbeatInterval);
                // Started before Identify is sent, so its first timer exists by the time Discord (or a test) sees Identify.
                _ = HeartbeatAsync(interval, heartbeatToken);
                if (TryMove(ShardState.AwaitingHello, ShardState.AwaitingReady))
                {
                    _ = WatchAsync(ShardState.AwaitingReady, ReadyTimeout, "READY", heartbeatToken);
                }

                await connection.SendAsync(resume && session.CanResume ? ResumePayload() : IdentifyPayload(), priority: true, _receive.Token);
                break;

            case GatewayOpcode.Dispatch:
                if (frame.Sequence is { } s)
                {
                    session.Sequence = s;
                }

                if (frame.Type == "READY")
                {
                    var ready = frame.Data.Deserialize(DiscordJsonContext.Default.ReadyData)!;
                    session.Start(ready.SessionId, GatewayUrls.WithQuery(ready.ResumeGatewayUrl));
                    MarkReady();
                    logger.LogInformation("Shard {Shard}/{Count}: ready as {User}", shard.Id, shard.Count, ready.User?.Username);
                }
                else if (frame.Type == "RESUMED")
                {
                    MarkReady();
                    logger.LogInformation("Shard {Shard}/{Count}: resumed", shard.Id, shard.Count);
                }

                sink.OnDispatch(shard.Id, frame);
                break;

            case GatewayOpcode.Heartbeat:
                // Discord asks for a beat now; the timer keeps its own schedule.
                await connection.SendAsync(GatewayFrames.Heartbeat(session.Sequence), priority: true, _receive.Token);
                break;

            case GatewayOpcode.HeartbeatAck:
                _acked = true;
                RecordLatency();
                break;

            case GatewayOpcode.Reconnect:
                logger.LogInformation("Shard {Shard}: Discord asked to reconnect; resuming", shard.Id);
                await DecideAsync(CloseAction.Resume);
                break;

            case GatewayOpcode.InvalidSession:
                var resumable = frame.Data.ValueKind == JsonValueKind.True;
                if (!resumable)
                {
                    // Waiting 1–5 s protects the daily identify budget if this repeats.
                    _identifyWait = TimeSpan.FromSeconds(1 + (Random.Shared.NextDouble() * 4));
                }

                logger.LogInformation("Shard {Shard}: invalid session (resumable: {Resumable})", shard.Id, resumable);
                await DecideAsync(resumable ? CloseAction.Resume : CloseAction.Identify);
                break;
        }
    }

    private async Task HeartbeatAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            // Jitter keeps many clients that connected together from beating together.
            await Task.Delay(interval * Random.Shared.NextDouble(), time, cancellationToken);
            while (true)
            {
                if (!_acked)
                {
                    logger.LogWarning("Shard {Shard}: no heartbeat ACK since the last beat; reconnecting to resume", shard.Id);
                    await DecideAsync(CloseAction.Resume);
                    return;
                }

                _acked = false;
                var next = Task.Delay(interval, time, cancellationToken);
                Interlocked.Exchange(ref _beatSentAt, time.GetTimestamp());
                await connection.SendAsync(GatewayFrames.Heartbeat(session.Sequence), priority: true, cancellationToken);
                await next;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The receive loop sees the same failure and decides.
        }
    }

    private ShardState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    private bool TryMove(ShardState from, ShardState to)
    {
        lock (_stateLock)
        {
            if (_state != from)
            {
                return false;
            }

            _state = to;
            return true;
        }
    }

    private void MarkReady()
    {
        lock (_stateLock)
        {
            if (_state != ShardState.Closing)
            {
                _state = ShardState.Ready;
                _wasReady = true;
                status.ReportReady(shard.Id);
            }
        }
    }

    /// <summary>Leaves a connection that is still in <paramref name="state"/> after <paramref name="timeout"/>.</summary>
    private async Task WatchAsync(ShardState state, TimeSpan timeout, string awaited, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(timeout, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (State == state)
        {
            logger.LogWarning("Shard {Shard}: no {Awaited} within {Timeout}; reconnecting", shard.Id, awaited, timeout);
            await DecideAsync(CloseAction.Resume);
        }
    }

    private void RecordLatency()
    {
        var sent = Interlocked.Exchange(ref _beatSentAt, 0);
        if (sent == 0)
        {
            return;
        }

        var latency = time.GetElapsedTime(sent);
        status.ReportLatency(shard.Id, latency);
        logger.LogDebug("Shard {Shard}: heartbeat latency {LatencyMs:F0} ms", shard.Id, latency.TotalMilliseconds);
    }

    private async Task DecideAsync(CloseAction action)
    {
        lock (_stateLock)
        {
            if (_state != ShardState.Closing)
            {
                _state = ShardState.Closing;
                _decided = action;
            }
        }

        await CloseAsync(ResumeCloseCode);
    }

    private async Task CloseAsync(int code)
    {
        await connection.CloseAsync(code);
        // Discord answers the close; if it does not, stop waiting for it.
        _receive.CancelAfter(CloseGrace);
    }

    private ConnectionOutcome Ended(int? closeCode, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested)
        {
            return ConnectionOutcome.Stopped(_wasReady);
        }

        if (State == ShardState.Closing)
        {
            if (_decided == CloseAction.Identify)
            {
                session.Clear();
            }

            return new ConnectionOutcome(_decided, false, _wasReady, _identifyWait, null);
        }

        var action = GatewayCloseCodes.Classify(closeCode);
        if (closeCode is not null)
        {
            logger.Log(
                action == CloseAction.Fatal ? LogLevel.Critical : LogLevel.Information,
                "Shard {Shard}: gateway closed with {Code}: {Next}",
                shard.Id,
                closeCode,
                action == CloseAction.Fatal ? GatewayCloseCodes.FatalMessage(closeCode.Value) : action == CloseAction.Resume ? "resuming" : "identifying again");
        }

        if (action == CloseAction.Identify)
        {
            session.Clear();
        }

        return new ConnectionOutcome(action, false, _wasReady, TimeSpan.Zero, closeCode);
    }

    private byte[] IdentifyPayload() => GatewayFrames.Identify(new IdentifyData(
        shard.Token,
        shard.Intents,
        new IdentifyProperties(OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux", "kzbot", "kzbot"),
        [shard.Id, shard.Count]));

    private byte[] ResumePayload() => GatewayFrames.Resume(new ResumeData(shard.Token, session.SessionId!, session.Sequence));
}

/// <summary>Who a shard is: the token is kept here, out of anything that is logged.</summary>
internal sealed record ShardIdentity(int Id, int Count, int Intents, string Token)
{
    public override string ToString() => $"shard {Id}/{Count}";
}
