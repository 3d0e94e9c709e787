
namespace KzBot.Core.Storage;

/// <summary>Added sources' metadata in the store's SQLite file (the managed_sources table).</summary>
public sealed class SqliteManagedSourceCatalog(SqliteDatabase database) : IManagedSourceCatalog
{
    public async Task<IReadOnlyList<ManagedSource>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, file_name, origin, location, content_type, added_by, added_at, etag, last_modified, content_hash, bytes FROM managed_sources ORDER BY added_at, id";
        return await StoreRows.ManagedSourcesAsync(command, cancellationToken);
    }

    public async Task SaveAsync(ManagedSource source, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO managed_sources(id, file_name, origin, location, content_type, added_by, added_at, etag, last_modified, content_hash, bytes)
            VALUES($id, $file, $origin, $location, $type, $by, $at, $etag, $modified, $hash, $bytes)
            """;
        command.Parameters.AddWithValue("$id", source.Id);
        command.Parameters.AddWithValue("$file", source.FileName);
        command.Parameters.AddWithValue("$origin", source.Origin.ToString());
        command.Parameters.AddWithValue("$location", source.Location);
        command.Parameters.AddWithValue("$type", source.ContentType);
        command.Parameters.AddWithValue("$by", source.AddedBy);
        command.Parameters.AddWithValue("$at", source.AddedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$etag", (object?)source.ETag ?? DBNull.Value);
        command.Parameters.AddWithValue("$modified", (object?)source.LastModified ?? DBNull.Value);
        command.Parameters.AddWithValue("$hash", source.ContentHash);
        command.Parameters.AddWithValue("$bytes", source.Bytes);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM managed_sources WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
