using Microsoft.Data.Sqlite;

namespace KzBot.Core.Storage;

/// <summary>
/// Splits and stems text exactly as the SQLite store's full-text index does (<see cref="SqliteFts.Tokenizer"/>), by
/// running that tokenizer in a private in-memory database. A store on another engine indexes these tokens, so term
/// statistics, vocabulary and BM25 scores are the same whichever engine holds the sources.
/// </summary>
public sealed class FtsTokenizer : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;

    public FtsTokenizer()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = $"""
            CREATE VIRTUAL TABLE texts USING fts5(body, tokenize = '{SqliteFts.Tokenizer}');
            CREATE VIRTUAL TABLE tokens USING fts5vocab(texts, 'instance');
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>The tokens of each text, in order of appearance.</summary>
    public async Task<IReadOnlyList<string>[]> TokenizeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var result = new List<(int Offset, string Token)>[texts.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = [];
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            await using (var insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO texts(rowid, body) VALUES($id, $body)";
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var body = insert.Parameters.Add("$body", SqliteType.Text);
                for (var i = 0; i < texts.Count; i++)
                {
                    id.Value = i;
                    body.Value = texts[i];
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await using (var read = _connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = "SELECT term, doc, offset FROM tokens";
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    result[reader.GetInt32(1)].Add((reader.GetInt32(2), reader.GetString(0)));
                }
            }

            // Rolled back, not deleted: the table is empty again for the next call without writing anything.
            await transaction.RollbackAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        return result.Select(r => (IReadOnlyList<string>)r.OrderBy(t => t.Offset).Select(t => t.Token).ToList()).ToArray();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
