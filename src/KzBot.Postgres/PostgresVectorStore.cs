using System.Runtime.InteropServices;
using KzBot.Core.Storage;
using Npgsql;

namespace KzBot.Postgres;

/// <summary>Embeddings as <c>bytea</c> (the floats' bytes, as the SQLite store keeps them) and the lease table.</summary>
public sealed class PostgresVectorStore(PostgresDatabase database) : IVectorStore
{
    public Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<string, float[]>> GetEmbeddingsAsync(string model, IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (textHashes.Count == 0)
        {
            return result;
        }

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT text_hash, vector FROM embeddings WHERE model = $1 AND text_hash = ANY($2)", connection);
        command.Parameters.AddWithValue(model);
        command.Parameters.AddWithValue(textHashes.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = MemoryMarshal.Cast<byte, float>(reader.GetFieldValue<byte[]>(1)).ToArray();
        }

        return result;
    }

    public async Task SaveEmbeddingsAsync(string model, IReadOnlyDictionary<string, float[]> vectorsByTextHash, CancellationToken cancellationToken)
    {
        if (vectorsByTextHash.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO embeddings(model, text_hash, vector) SELECT $1, h, v FROM unnest($2::text[], $3::bytea[]) AS x(h, v)
            ON CONFLICT(model, text_hash) DO UPDATE SET vector = excluded.vector
            """, connection);
        command.Parameters.AddWithValue(model);
        command.Parameters.AddWithValue(vectorsByTextHash.Keys.ToArray());
        command.Parameters.AddWithValue(vectorsByTextHash.Values.Select(v => MemoryMarshal.AsBytes(v.AsSpan()).ToArray()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteOrphanedEmbeddingsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM embeddings e WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.text_hash = e.text_hash)", connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<EmbeddingCoverage> GetEmbeddingCoverageAsync(string model, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(DISTINCT text_hash) FROM chunks),
                   (SELECT count(*) FROM (SELECT text_hash FROM chunks EXCEPT SELECT text_hash FROM embeddings WHERE model = $1) m)
            """, connection);
        command.Parameters.AddWithValue(model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new EmbeddingCoverage((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    public async Task<LeaseResult> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);

        // One statement, so two processes racing for an expired lease cannot both win.
        await using (var command = new NpgsqlCommand("""
            INSERT INTO leases(name, owner, expires) VALUES($1, $2, $3)
            ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
            WHERE leases.owner = excluded.owner OR leases.expires <= $4
            RETURNING expires
            """, connection))
        {
            command.Parameters.AddWithValue(name);
            command.Parameters.AddWithValue(owner);
            command.Parameters.AddWithValue((now + duration).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue(now.ToUnixTimeMilliseconds());
            if (await command.ExecuteScalarAsync(cancellationToken) is long expires)
            {
                return new LeaseResult(true, owner, DateTimeOffset.FromUnixTimeMilliseconds(expires));
            }
        }

        await using var holder = new NpgsqlCommand("SELECT owner, expires FROM leases WHERE name = $1", connection);
        holder.Parameters.AddWithValue(name);
        await using var held = await holder.ExecuteReaderAsync(cancellationToken);
        return await held.ReadAsync(cancellationToken)
            ? new LeaseResult(false, held.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(held.GetInt64(1)))
            : new LeaseResult(false, "", now);
    }

    public async Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM leases WHERE name = $1 AND owner = $2", connection);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(long ChunkKey, string TextHash)>> ListChunkHashesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT key, text_hash FROM chunks ORDER BY key", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<(long, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return list;
    }

    public async Task<IReadOnlyList<PendingEmbedding>> ListChunksWithoutEmbeddingAsync(string model, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT c.text_hash, c.text FROM chunks c
            WHERE c.key IN (
                SELECT min(k.key) FROM chunks k
                WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.model = $1 AND e.text_hash = k.text_hash)
                GROUP BY k.text_hash)
            ORDER BY c.key
            """, connection);
        command.Parameters.AddWithValue(model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<PendingEmbedding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingEmbedding(reader.GetString(0), reader.GetString(1)));
        }

        return pending;
    }

    public async Task<int> ReadChunkVectorsAsync(string model, ChunkVectorSink sink, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT c.key, e.vector FROM chunks c JOIN embeddings e ON e.model = $1 AND e.text_hash = c.text_hash ORDER BY c.key", connection);
        command.Parameters.AddWithValue(model);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);

        // One reused buffer instead of an array per row, so loading vectors makes no garbage per chunk.
        var buffer = new byte[4 * 1024];
        var count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetInt64(0);
            var length = (int)reader.GetBytes(1, 0, null, 0, 0);
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }

            reader.GetBytes(1, 0, buffer, 0, length);
            sink(key, MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, length)));
            count++;
        }

        return count;
    }
}
