using System.Security.Cryptography;
using System.Text;
using KzBot.Core.Coordination;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KzBot.Postgres.Coordination;

/// <summary>
/// Leadership is a session-level advisory lock held on a connection of its own: when the leader's process dies or
/// its connection breaks, the server releases the lock and the next replica to try gets it.
/// </summary>
internal sealed class PostgresLeaderElection(
    NpgsqlDataSource dataSource,
    IOptions<CoordinationOptions> options,
    TimeProvider time,
    ILogger<PostgresLeaderElection> logger) : ILeaderElection
{
    public async Task<Leadership> WaitForLeadershipAsync(string role, CancellationToken cancellationToken)
    {
        var key = LockKey(role);
        var interval = options.Value.ElectionInterval;
        var waiting = false;
        while (true)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = key });
                if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
                {
                    logger.LogInformation("Elected for {Role}", role);
                    var held = new Held(connection, key, role, interval, time, logger);
                    connection = null;
                    return held;
                }

                if (!waiting)
                {
                    logger.LogInformation("Another replica holds {Role}; standing by", role);
                    waiting = true;
                }
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning("Cannot reach the database to elect {Role}: {Error}", role, ex.Message);
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }

            await Task.Delay(interval, time, cancellationToken);
        }
    }

    /// <summary>A stable 64-bit advisory lock key for a role name.</summary>
    internal static long LockKey(string role) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("kzbot:" + role)), 0);

    private sealed class Held : Leadership
    {
        private readonly NpgsqlConnection _connection;
        private readonly long _key;
        private readonly string _role;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _watch;

        public Held(NpgsqlConnection connection, long key, string role, TimeSpan interval, TimeProvider time, ILogger logger)
        {
            _connection = connection;
            _key = key;
            _role = role;
            _logger = logger;
            _watch = WatchAsync(interval, time);
        }

        public override CancellationToken Lost => _lost.Token;

        public override async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _watch;
            if (!_lost.IsCancellationRequested)
            {
                try
                {
                    await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
                    unlock.Parameters.Add(new NpgsqlParameter { Value = _key });
                    await unlock.ExecuteScalarAsync();
                    _logger.LogInformation("Gave up {Role}", _role);
                }
                catch (NpgsqlException ex)
                {
                    // The connection is going anyway, and the lock with it.
                    _logger.LogDebug("Releasing {Role} failed: {Error}", _role, ex.Message);
                }
            }

            await _connection.DisposeAsync();
            _lost.Dispose();
            _stop.Dispose();
        }

        // The lock lives exactly as long as the session; a query that fails means the session, and the lock, are gone.
        private async Task WatchAsync(TimeSpan interval, TimeProvider time)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(interval, time, _stop.Token);
                    await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                    ping.CommandTimeout = Math.Max(1, (int)Math.Ceiling(interval.TotalSeconds * 2));
                    await ping.ExecuteScalarAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                _logger.LogWarning("Lost {Role}: the connection holding it failed ({Error})", _role, ex.Message);
                await _lost.CancelAsync();
            }
        }
    }
}
