namespace KzBot.Core.Storage;

internal static class SqliteSchema
{
    public const int Version = 1;

    // Chunk text lives in chunks; chunks_fts holds its own copy keyed by the same rowid so a reload can
    // replace a document's rows in the same transaction as its metadata. chunks_text_hash lets "which chunks
    // have no vector yet" and the vector load read a small index instead of every chunk's text. A lease row names
    // the one process allowed to do a job (embedding) until it expires, so the job is never done twice at once
    // and a killed owner's lease runs out on its own. managed_sources describes the files admins added from chat
    // (SqliteManagedSourceCatalog); the files themselves live in the managed folder.
    public const string Create = $$"""
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS documents(
            id TEXT PRIMARY KEY,
            source_key TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            format TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            file_size INTEGER NOT NULL,
            file_modified INTEGER NOT NULL,
            chunk_count INTEGER NOT NULL,
            indexed_at INTEGER NOT NULL,
            url TEXT,
            text TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS chunks(
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            location TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text_hash TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document_id);
        CREATE INDEX IF NOT EXISTS chunks_text_hash ON chunks(text_hash);
        CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(title, body, tokenize = '{{SqliteFts.Tokenizer}}');
        CREATE TABLE IF NOT EXISTS embeddings(
            model TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY(model, text_hash)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS failed_sources(
            source_key TEXT PRIMARY KEY,
            file_size INTEGER NOT NULL,
            file_modified INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            reason TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS leases(
            name TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            expires INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS answers(
            id TEXT PRIMARY KEY,
            platform TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            question TEXT NOT NULL,
            answer_text TEXT NOT NULL,
            refused INTEGER NOT NULL,
            latency_ms REAL NOT NULL,
            at INTEGER NOT NULL,
            citations TEXT);
        CREATE INDEX IF NOT EXISTS answers_chat ON answers(platform, chat_id, at);
        CREATE TABLE IF NOT EXISTS feedback(
            answer_id TEXT NOT NULL,
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            value INTEGER NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY(answer_id, platform, user_id));
        CREATE TABLE IF NOT EXISTS audit(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            guild_id TEXT,
            chat_id TEXT NOT NULL,
            command TEXT NOT NULL,
            allowed INTEGER NOT NULL,
            detail TEXT);
        CREATE TABLE IF NOT EXISTS answer_messages(
            platform TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            PRIMARY KEY(platform, chat_id, message_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS managed_sources(
            id TEXT PRIMARY KEY,
            file_name TEXT NOT NULL UNIQUE,
            origin TEXT NOT NULL,
            location TEXT NOT NULL,
            content_type TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at INTEGER NOT NULL,
            etag TEXT,
            last_modified TEXT,
            content_hash TEXT NOT NULL,
            bytes INTEGER NOT NULL);
        """;
}
