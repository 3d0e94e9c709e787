using BenchmarkDotNet.Running;
using KzBot.Benchmarks;

// export-bbc: the BBC articles as source files (for `eval --sources`); answers: in-process answer latency; run: the scale benchmark behind the
// README table; store-retrieval: retrieval at ~150k chunks on SQLite or PostgreSQL; ready: one host start-up, run as a child process by `run`; micro: BenchmarkDotNet kernels.
return args switch
{
    ["export-bbc", var csv, var folder, ..] => ExportBbc(csv, folder, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1),
    ["run", ..] => await ScaleBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    ["embedding", ..] => await EmbeddingThroughput.RunAsync(BenchArgs.Parse(args[1..]), BenchArgs.IntOption(args, "--articles", 0)),
    ["vector-recall", ..] => await VectorRecall.RunAsync(BenchArgs.Parse(args[1..])),
    ["answers", ..] => await AnswerLatency.RunAsync(args[1..]),
    ["store-retrieval", ..] => await StoreRetrieval.RunAsync(args[1..]),
    ["ready", var db, var sources] => await HostReadyProbe.RunAsync(db, sources),
    ["micro", ..] => Micro(args[1..]),
    ["--help" or "-h"] => Usage(0),
    _ => Usage(2),
};

static int ExportBbc(string csv, string folder, int copies)
{
    var written = BbcCorpus.Export(BbcCorpus.Load(csv), folder, 0, copies);
    Console.WriteLine($"{written} articles written under {folder}");
    return 0;
}

static int Micro(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(VectorSearchBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
    return 0;
}

static int Usage(int exitCode)
{
    (exitCode == 0 ? Console.Out : Console.Error).WriteLine("""
        usage:
          export-bbc <train.csv> <folder> [copies]    write the BBC articles as .txt sources
          run --csv <train.csv> --work <dir> [--scales 1,10,50] [--rounds 3] [--questions tests/eval/questions.jsonl]
          embedding --csv <train.csv> --work <dir> [--articles N]   indexer's embedding throughput against the model's own
          vector-recall --work <dir> [--rounds 3]      int8 scan against exact float32 search on a run's store
          answers --db <store.db> [--sources <folder>]... --questions <file.jsonl>... [--rounds 3] [--dump answers.jsonl]
                                                      in-process answer latency (as eval answers) and every answer, for comparing builds
          store-retrieval --csv <train.csv> --store sqlite|postgres [--connection <empty PostgreSQL database>] [--work <dir>]
                          [--target-chunks 150000] [--rounds 3] [--questions <file.jsonl>]... [--dump answers.jsonl]
                                                      lexical retrieval and answer latency at ~150,000 chunks on one engine
                                                      (postgres without --connection starts a throw-away cluster)
          micro [BenchmarkDotNet args]                vector search and fusion micro-benchmarks
        """);
    return exitCode;
}
