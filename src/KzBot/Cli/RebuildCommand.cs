using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Cli;

/// <summary>
/// <c>index --rebuild</c>: builds a fresh store from the sources beside the configured one, keeps what can still be
/// read of its answers, feedback, audit log and vectors, and swaps it in with one rename. Works on a damaged
/// store (the way out the damaged-store error names) as on a healthy one.
/// </summary>
internal static class RebuildCommand
{
    public static async Task<int> RunAsync(CliArguments cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        var storePath = Path.GetFullPath(CliApp.StorePath(services));
        var freshPath = StoreRebuild.FreshPathFor(storePath);
        StoreRebuild.DeleteLeftovers(freshPath);

        IndexReport report;
        IReadOnlyList<KeptTable> kept;
        var overrides = new Dictionary<string, string?>(cli.Overrides, StringComparer.OrdinalIgnoreCase) { ["Storage:Path"] = freshPath };
        using (var fresh = CliApp.Build(cli with { Overrides = overrides }, quiet: true))
        {
            var store = fresh.Services.GetRequiredService<ICorpusStore>();
            await store.InitializeAsync(cancellationToken);

            // History first, so vectors already computed are found and not embedded again while indexing.
            kept = await StoreRebuild.KeepHistoryAsync(storePath, freshPath, cancellationToken);
            report = await fresh.Services.GetRequiredService<DataIngestor>().ReloadAsync(cancellationToken);
        }

        await StoreRebuild.SealAsync(freshPath, cancellationToken);
        var backup = StoreRebuild.SwapIn(freshPath, storePath, services.GetRequiredService<TimeProvider>().GetUtcNow());

        Console.WriteLine(IndexReportText.Format(report));
        foreach (var table in kept)
        {
            Console.WriteLine(table.Problem is null
                ? $"Kept {table.Rows:N0} {table.Table} row(s)."
                : $"Kept {table.Rows:N0} {table.Table} row(s); the rest could not be read ({table.Problem}).");
        }

        Console.WriteLine(backup is null
            ? $"Built a new store at {storePath}."
            : $"Rebuilt {storePath}; the previous file is kept as {backup} (delete it once the new store serves).");
        return report.Failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
