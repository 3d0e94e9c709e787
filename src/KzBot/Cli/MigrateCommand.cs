using System.Diagnostics;
using System.Globalization;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Cli;

/// <summary>
/// <c>migrate --from sqlite --to postgres</c>: copies the SQLite store (<c>Storage:Path</c>) into the PostgreSQL
/// database <c>Storage:ConnectionString</c> names, in one transaction, and reports the rows per table. A target
/// that already holds data is left alone unless <c>--force</c> is given.
/// </summary>
internal static class MigrateCommand
{
    /// <param name="reportStore">Told the SQLite file's path, so a store error names it.</param>
    public static async Task<int> RunAsync(CliArguments cli, Action<string> reportStore, CancellationToken cancellationToken)
    {
        var from = Single(cli, "--from", "sqlite");
        var to = Single(cli, "--to", "postgres");
        if (!from.Equals("sqlite", StringComparison.OrdinalIgnoreCase) || !to.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"migrate copies a SQLite store into PostgreSQL (--from sqlite --to postgres); '{from}' to '{to}' is not supported.");
        }

        var started = Stopwatch.GetTimestamp();
        StoreSnapshot snapshot;
        using (var source = CliApp.Build(WithProvider(cli, "Sqlite"), quiet: true))
        {
            var path = Path.GetFullPath(CliApp.StorePath(source.Services));
            reportStore(path);
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"There is no SQLite store at {path} to migrate. Point --data (or Storage:Path) at it.");
                return ExitCodes.Failure;
            }

            snapshot = await source.Services.GetRequiredService<IStoreExport>().ReadAllAsync(cancellationToken);
        }

        using var target = CliApp.Build(WithProvider(cli, "Postgres"), quiet: true);
        var import = target.Services.GetRequiredService<IStoreImport>();
        ImportReport report;
        try
        {
            report = await import.ImportAsync(snapshot, replace: cli.Flags.Contains("--force"), cancellationToken);
        }
        catch (StoreNotEmptyException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + " Nothing was copied; migrate --force replaces its contents.");
            return ExitCodes.Failure;
        }

        Console.WriteLine($"Copied the SQLite store into {import.Description} in one transaction ({Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s):");
        var width = report.Tables.Max(t => t.Table.Length);
        foreach (var table in report.Tables)
        {
            Console.WriteLine($"  {table.Table.PadRight(width)}  {table.Rows.ToString("N0", CultureInfo.InvariantCulture),9}");
        }

        Console.WriteLine($"Index version is now {report.IndexVersion.ToString(CultureInfo.InvariantCulture)}. Managed source files stay in Sources:ManagedFolder; every replica needs that folder.");
        return ExitCodes.Ok;
    }

    private static string Single(CliArguments cli, string option, string fallback) =>
        cli.Values.TryGetValue(option, out var values) ? values[^1] : fallback;

    private static CliArguments WithProvider(CliArguments cli, string provider) =>
        cli with { Overrides = new Dictionary<string, string?>(cli.Overrides, StringComparer.OrdinalIgnoreCase) { ["Storage:Provider"] = provider } };
}
