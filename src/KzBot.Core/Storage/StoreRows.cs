using System.Data.Common;

namespace KzBot.Core.Storage;

/// <summary>
/// Reads the store's records from query results, so both engines map the same columns the same way. Each
/// reader expects the columns in the order its engine's SELECT lists them (the same order on both).
/// </summary>
public static class StoreRows
{
    /// <summary>key, id, document id, ordinal, location, text, document title, start, end, source key, url.</summary>
    public static async Task<IReadOnlyList<StoredChunk>> ChunksInOrderAsync(DbCommand command, IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var byKey = new Dictionary<long, StoredChunk>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var chunk = new StoredChunk(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetInt32(7),
                reader.GetInt32(8),
                reader.GetString(9),
                NullableString(reader, 10));
            byKey[chunk.Key] = chunk;
        }

        return chunkKeys.Where(byKey.ContainsKey).Select(k => byKey[k]).ToList();
    }

    /// <summary>id, platform, chat id, user id, question, answer text, refused, latency, at (Unix ms), citations.</summary>
    public static async Task<AnswerRecord?> SingleAnswerAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return Answer(reader);
    }

    /// <summary>One answer from the current row: id, platform, chat id, user id, question, answer text, refused, latency, at (Unix ms), citations.</summary>
    public static AnswerRecord Answer(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetBoolean(6),
        reader.GetDouble(7),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        NullableString(reader, 9));

    /// <summary>id, file name, origin, location, content type, added by, added at (Unix ms), etag, last modified, hash, bytes.</summary>
    public static async Task<IReadOnlyList<ManagedSource>> ManagedSourcesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<ManagedSource>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ManagedSource(
                reader.GetString(0),
                reader.GetString(1),
                Enum.Parse<SourceOrigin>(reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                NullableString(reader, 7),
                NullableString(reader, 8),
                reader.GetString(9),
                reader.GetInt64(10)));
        }

        return list;
    }

    /// <summary>id, source key, title, format, content hash, file size, modified (Unix ms), chunk count, indexed at (Unix ms), url.</summary>
    public static async Task<IReadOnlyList<StoredDocument>> DocumentsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredDocument>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredDocument(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt64(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.GetInt32(7),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                NullableString(reader, 9)));
        }

        return list;
    }

    /// <summary>at (Unix ms), platform, user id, guild id, chat id, command, allowed, detail.</summary>
    public static async Task<IReadOnlyList<AuditRecord>> AuditAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new AuditRecord(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                reader.GetString(1),
                reader.GetString(2),
                NullableString(reader, 3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetBoolean(6),
                NullableString(reader, 7)));
        }

        return list;
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
