using KzBot.Core.Answering;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Data.Sqlite;

namespace KzBot.Cli;

/// <summary>
/// What a plain full-text search gives without any judgement: every sentence of the indexed documents in an
/// in-memory FTS5 table (the store's tokenizer), the question's content words OR-ed, and the single best
/// sentence by BM25 as the answer. It refuses only when no word matches. The eval verb scores it like the
/// bot, so a gate that refuses too much shows up as fewer right answers than this.
/// </summary>
internal sealed class FtsTop1Baseline : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly List<Sentence> _sentences;

    private FtsTop1Baseline(SqliteConnection db, List<Sentence> sentences)
    {
        _db = db;
        _sentences = sentences;
    }

    public static async Task<FtsTop1Baseline> BuildAsync(ICorpusStore store, CancellationToken cancellationToken)
    {
        var db = new SqliteConnection("Data Source=:memory:");
        await db.OpenAsync(cancellationToken);
        using (var create = db.CreateCommand())
        {
            create.CommandText = $"CREATE VIRTUAL TABLE sentences USING fts5(body, tokenize = '{SqliteFts.Tokenizer}')";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var sentences = new List<Sentence>();
        using var transaction = db.BeginTransaction();
        using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO sentences(rowid, body) VALUES ($id, $body)";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        foreach (var document in await store.ListDocumentsAsync(cancellationToken))
        {
            var text = await store.GetDocumentTextAsync(document.Id, cancellationToken);
            if (text is null)
            {
                continue;
            }

            foreach (var (start, length) in SentenceSplitter.Split(text))
            {
                var sentence = new Sentence(document, start, text.Substring(start, length));
                id.Value = sentences.Count;
                body.Value = sentence.Text;
                await insert.ExecuteNonQueryAsync(cancellationToken);
                sentences.Add(sentence);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new FtsTop1Baseline(db, sentences);
    }

    public async Task<Answer> AnswerAsync(string question, CancellationToken cancellationToken)
    {
        var query = Terms.ToFtsQuery(Terms.ContentWords(question));
        long? best = null;
        if (query.Length > 0)
        {
            using var search = _db.CreateCommand();
            search.CommandText = "SELECT rowid FROM sentences WHERE sentences MATCH $q ORDER BY bm25(sentences) LIMIT 1";
            search.Parameters.AddWithValue("$q", query);
            best = await search.ExecuteScalarAsync(cancellationToken) as long?;
        }

        if (best is not { } row)
        {
            return Answer.Refusal("baseline", question, "No sentence shares a word with the question.");
        }

        var s = _sentences[(int)row];
        var citation = new Citation(1, s.Document.Id, s.Document.Title, s.Document.SourceKey, s.Text, "", s.Start, s.Start + s.Text.Length, s.Document.Url);
        return new Answer("baseline", question, s.Text + " [1]", false, [citation], []);
    }

    public void Dispose() => _db.Dispose();

    private sealed record Sentence(StoredDocument Document, int Start, string Text);
}
