using KzBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KzBot.Postgres;

/// <summary>Added sources' metadata in PostgreSQL (the managed_sources table), shared by every replica.</summary>
public sealed class PostgresManagedSourceCatalog(PostgresDatabase database) : IManagedSourceCatalog
{
    private const string Columns = "id, file_name, origin, location, content_type, added_by, added_at, etag, last_modified, content_hash, bytes";

    public async Task<IReadOnlyList<ManagedSource>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM managed_sources ORDER BY added_at, id", connection);
        return await StoreRows.ManagedSourcesAsync(command, cancellationToken);
    }

    public async Task SaveAsync(ManagedSource source, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO managed_sources({Columns}) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT(id) DO UPDATE SET file_name = excluded.file_name, origin = excluded.origin, location = excluded.location,
                content_type = excluded.content_type, added_by = excluded.added_by, added_at = excluded.added_at, etag = excluded.etag,
                last_modified = excluded.last_modified, content_hash = excluded.content_hash, bytes = excluded.bytes
            """, connection);
        command.Parameters.AddWithValue(source.Id);
        command.Parameters.AddWithValue(source.FileName);
        command.Parameters.AddWithValue(source.Origin.ToString());
        command.Parameters.AddWithValue(source.Location);
        command.Parameters.AddWithValue(source.ContentType);
        command.Parameters.AddWithValue(source.AddedBy);
        command.Parameters.AddWithValue(source.AddedAt.ToUnixTimeMilliseconds());
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)source.ETag ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)source.LastModified ?? DBNull.Value });
        command.Parameters.AddWithValue(source.ContentHash);
        command.Parameters.AddWithValue(source.Bytes);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM managed_sources WHERE id = $1", connection);
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
