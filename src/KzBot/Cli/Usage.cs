namespace KzBot.Cli;

internal static class Usage
{
    private const string Common = """

        Options for every command:
          --sources DIR   index DIR instead of the configured folders (repeat for several)
          --data DIR      keep the store (kzbot.db) in DIR instead of data/
          --Section:Key=value   override any setting from appsettings.json
          --help          this help

        Exit codes: 0 ok, 1 failure (a file not indexed, a refused question, below the bar), 2 usage or
        configuration error, 3 the store is damaged or cannot be opened (nothing was written to it),
        4 serve: no bot left running (its token was rejected), 75 index: vectors still missing,
        130 interrupted.
        """;

    public static string For(string verb) => verb switch
    {
        "ask" => """
            kzbot ask "QUESTION"        answer one question, with numbered sources
            kzbot ask --json "QUESTION" print one JSON object: question, answer, refused, citations
            kzbot ask --json -          read one question per line from standard input, write JSON Lines
            """ + Common,
        "index" => """
            kzbot index             re-index the source folders (incremental by content hash) and print the report,
                                    then compute the missing passage vectors, printing done/total, rate and ETA;
                                    exits 1 when any file or folder failed, 75 when the sources are indexed but some
                                    passages have no vectors yet (embedding model or endpoint unavailable; retried later)
            kzbot index --force     read and hash every file again, even one whose size and time look unchanged
            kzbot index --rebuild   build a fresh store from the sources beside the current (or damaged) one, keep its
                                    readable answers, feedback, audit log and vectors, and swap it in; the old file is
                                    kept as kzbot.db.before-rebuild-TIMESTAMP. Stop serve first.
            """ + Common,
        "check" => "kzbot check    check the store without changing it: SQLite integrity, the full-text index, vectors vs passages; exit 3 if damaged" + Common,
        "sources" => "kzbot sources [PAGE]   list the indexed sources: id, title, origin (folder, URL, upload), who added it and when, passages" + Common,
        "add" => """
            kzbot add URL      fetch a web page, PDF, Markdown or text file and index it (public addresses only,
                               unless the host is in Sources:AllowedHosts); prints the index report
            kzbot add FILE     copy a local .html, .pdf, .md or .txt file into the managed folder and index it
                               exit code 1 when it was refused or could not be indexed (nothing is kept then)
            """ + Common,
        "remove" => """
            kzbot remove ID [--yes]   remove a source added with add (or from chat) and its passages; asks first
                                      unless --yes is given; sources in the source folders are removed on disk
            """ + Common,
        "refresh" => "kzbot refresh ID   fetch a URL source again (If-None-Match/If-Modified-Since) and re-index it if it changed" + Common,
        "chat" => "kzbot chat     interactive prompt through the same engine the bots use (/help, /sources, /reload, /stats; Ctrl+D to quit)" + Common,
        "eval" => """
            kzbot eval FILE [FILE…]   run question sets (JSON Lines) and print, for each file, answered-correctly,
                                      refused-correctly, citation validity and latency p50/p95;
                                      exit code 1 when any file is below a bar
              --min-answered SHARE    each file: share of answerable questions answered right (0.85 or 85%)
              --min-refused SHARE     each file: share of must-refuse questions refused
              --min KIND=SHARE        each file: share right among questions of that kind (repeatable)
                                      (no bar given: --min fact=0.9 --min-refused 1; citations must always be exact)
              --baseline              also score a plain FTS5 top-1 sentence search with no refusal logic
              --json                  one JSON object with every file's numbers, bars and failures
              --summary-only          numbers and bars only, without the questions that failed
            """ + Common,
        "migrate" => """
            kzbot migrate --from sqlite --to postgres [--force]
                           copy the SQLite store (Storage:Path, or --data DIR) into the PostgreSQL database named by
                           Storage:ConnectionString (set KZBOT__Storage__ConnectionString; never on the command line):
                           documents and passages, vectors, failed files, answers, the platform message map,
                           feedback, the audit log and the added-source catalogue, in one transaction, and print
                           the rows per table. A database that already holds data is refused (exit 1) unless
                           --force replaces it; an unreachable server exits 3. Stop serve first.
            """ + Common,
        "serve" => """
            kzbot serve    run the Telegram and Discord bots that are configured (the default command)
                           exits with code 2 when none is configured, naming the settings that enable them
            """ + Common,
        _ => """
            KzBot answers questions from its indexed sources, with numbered citations, and says so
            when the sources do not cover a question.

            Commands:
              ask "QUESTION"   answer a question (--json for JSON, - to read questions from standard input)
              chat             interactive prompt
              index            re-index the sources and print the report (--rebuild: a fresh store)
              check            check the store for damage without changing it
              sources          list indexed sources (with their ids)
              add URL|FILE     add a source; remove ID [--yes], refresh ID
              eval FILE…       evaluate question sets
              migrate          copy the SQLite store into PostgreSQL (--from sqlite --to postgres)
              serve            run the configured bots (default)

            Run "kzbot COMMAND --help" for details.
            """ + Common,
    };
}
