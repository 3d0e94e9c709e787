using KzBot.Core.Resilience;
using KzBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KzBot.Postgres.Coordination;

/// <summary>
/// Keeps this replica's caches in step with reloads done by other processes: listens on a connection of its own
/// for the version every change of the index announces, and when it is newer than the one this replica last saw,
/// tells every <see cref="IIndexCache"/> to forget. After a reconnect (and when the connection has been quiet for
/// <see cref="CoordinationOptions.IndexCheckInterval"/>) it reads the version itself, so a missed notice is
/// caught up by comparing versions.
/// </summary>
public sealed class IndexChangeListener(
    PostgresDatabase database,
    PostgresCorpusStore corpus,
    IEnumerable<IIndexCache> caches,
    IOptions<CoordinationOptions> options,
    TimeProvider time,
    ILogger<IndexChangeListener> logger) : BackgroundService
{
    /// <summary>Shown in pg_stat_activity, so an operator can tell this connection from the pool's.</summary>
    public const string ApplicationName = "kzbot index listener";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    private readonly IIndexCache[] _caches = [.. caches];
    private long _seen = -1;
    private volatile bool _listening;

    /// <summary>The index version this replica's caches were last refreshed for (-1 before it first read one).</summary>
    public long SeenVersion => Volatile.Read(ref _seen);

    /// <summary>True while the listening connection is up and caught up.</summary>
    public bool Listening => _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backOff = new ExponentialBackoff(FirstRetry, MaxRetry, jitter: 0.5);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await ListenAsync(backOff, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or StoreUnavailableException or IOException or TimeoutException or InvalidOperationException)
            {
                wait = backOff.Next();
                logger.LogWarning("Not hearing other replicas' reloads ({Error}); reconnecting in {Delay:F1} s", ex.Message, wait.TotalSeconds);
            }
            finally
            {
                _listening = false;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(ExponentialBackoff backOff, CancellationToken stoppingToken)
    {
        await database.InitializeAsync(stoppingToken);
        await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
        long heard = -1;
        connection.Notification += (_, e) =>
        {
            if (long.TryParse(e.Payload, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                heard = Math.Max(heard, version);
            }
        };

        await PostgresDatabase.ExecuteAsync(connection, $"SET application_name = '{ApplicationName}'", stoppingToken);
        await PostgresDatabase.ExecuteAsync(connection, $"LISTEN {PostgresCorpusStore.IndexChannel}", stoppingToken);

        // Listening first and reading second leaves no gap in which a reload could pass unheard.
        Refresh(await PostgresCorpusStore.ReadVersionAsync(connection, stoppingToken), "read after connecting");
        backOff.Reset();
        _listening = true;
        var interval = options.Value.IndexCheckInterval;
        while (true)
        {
            // A notice can also arrive while a command runs on this connection, so heard is checked before each wait.
            if (Interlocked.Exchange(ref heard, -1) is var version and >= 0)
            {
                Refresh(version, "announced");
            }

            if (!await connection.WaitAsync(interval, stoppingToken))
            {
                Refresh(await PostgresCorpusStore.ReadVersionAsync(connection, stoppingToken), "read after a quiet spell");
            }
        }
    }

    private void Refresh(long version, string how)
    {
        var seen = SeenVersion;
        if (version <= seen)
        {
            return;
        }

        Volatile.Write(ref _seen, version);

        // The first version read only sets where this replica starts; a reload this process did refreshed it already.
        if (seen < 0 || version == corpus.WrittenVersion)
        {
            return;
        }

        foreach (var cache in _caches)
        {
            cache.Forget();
        }

        logger.LogInformation("Index version {Version} ({How}): dropped what was cached from version {Seen}", version, how, seen);
    }
}
