using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using static KzBot.Core.Storage.SqliteCommands;

namespace KzBot.Core.Storage;

/// <summary>Embeddings as float blobs keyed by model and text hash, and the lease table.</summary>
public sealed class SqliteVectorStore(SqliteDatabase database) : IVectorStore
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
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT vector FROM embeddings WHERE model = $model AND text_hash = $hash";
        command.Parameters.AddWithValue("$model", model);
        var hash = command.Parameters.Add("$hash", SqliteType.Text);
        foreach (var h in textHashes)
        {
            hash.Value = h;
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] blob)
            {
                result[h] = MemoryMarshal.Cast<byte, float>(blob).ToArray();
            }
        }

        return result;
    }

    public async Task SaveEmbeddingsAsync(string model, IReadOnlyDictionary<string, float[]> vectorsByTextHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = Command(connection, transaction, "INSERT OR REPLACE INTO embeddings(model, text_hash, vector) VALUES($model, $hash, $vector)", "$model", "$hash", "$vector");
        foreach (var (hash, vector) in vectorsByTextHash)
        {
            Set(insert, model, hash, MemoryMarshal.AsBytes(vector.AsSpan()).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> DeleteOrphanedEmbeddingsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM embeddings WHERE text_hash NOT IN (SELECT text_hash FROM chunks)";
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<EmbeddingCoverage> GetEmbeddingCoverageAsync(string model, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(DISTINCT text_hash) FROM chunks),
                   (SELECT count(*) FROM (SELECT text_hash FROM chunks EXCEPT SELECT text_hash FROM embeddings WHERE model = $model))
            """;
        command.Parameters.AddWithValue("$model", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new EmbeddingCoverage(reader.GetInt32(0), reader.GetInt32(1));
    }

    public async Task<LeaseResult> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // One statement, so two processes racing for an expired lease cannot both win.
        command.CommandText = """
            INSERT INTO leases(name, owner, expires) VALUES($name, $owner, $expires)
            ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
            WHERE leases.owner = excluded.owner OR leases.expires <= $now
            RETURNING owner, expires
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$expires", (now + duration).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return new LeaseResult(true, owner, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
            }
        }

        await using var holder = connection.CreateCommand();
        holder.CommandText = "SELECT owner, expires FROM leases WHERE name = $name";
        holder.Parameters.AddWithValue("$name", name);
        await using var held = await holder.ExecuteReaderAsync(cancellationToken);
        return await held.ReadAsync(cancellationToken)
            ? new LeaseResult(false, held.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(held.GetInt64(1)))
            : new LeaseResult(false, "", now);
    }

    public async Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM leases WHERE name = $name AND owner = $owner";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$owner", owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(long ChunkKey, string TextHash)>> ListChunkHashesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, text_hash FROM chunks ORDER BY key";
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
        var missing = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            // Keys and hashes only (a covering index scan): after an unchanged reload this finds nothing, and
            // reading every chunk's text just to learn that grows with the corpus.
            command.CommandText = """
                SELECT min(c.key), c.text_hash FROM chunks c
                WHERE c.text_hash IN (SELECT text_hash FROM chunks EXCEPT SELECT text_hash FROM embeddings WHERE model = $model)
                GROUP BY c.text_hash
                """;
            command.Parameters.AddWithValue("$model", model);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                missing[reader.GetString(1)] = reader.GetInt64(0);
            }
        }

        if (missing.Count == 0)
        {
            return [];
        }

        var pending = new List<PendingEmbedding>(missing.Count);
        await using var texts = connection.CreateCommand();
        texts.CommandText = "SELECT text FROM chunks WHERE key = $key";
        var key = texts.Parameters.Add("$key", SqliteType.Integer);
        foreach (var (hash, chunkKey) in missing)
        {
            key.Value = chunkKey;
            if (await texts.ExecuteScalarAsync(cancellationToken) is string text)
            {
                pending.Add(new PendingEmbedding(hash, text));
            }
        }

        return pending;
    }

    public async Task<int> ReadChunkVectorsAsync(string model, ChunkVectorSink sink, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT c.key, e.vector FROM chunks c JOIN embeddings e ON e.model = $model AND e.text_hash = c.text_hash ORDER BY c.key";
        command.Parameters.AddWithValue("$model", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        // One reused buffer instead of an array per row, so loading vectors makes no garbage per chunk.
        var buffer = new byte[4 * 1024];
        var count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var length = (int)reader.GetBytes(1, 0, null, 0, 0);
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }

            reader.GetBytes(1, 0, buffer, 0, length);
            sink(reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, length)));
            count++;
        }

        return count;
    }
}
