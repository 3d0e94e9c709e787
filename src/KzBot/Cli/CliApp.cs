using KzBot.Core.Ingestion;
using KzBot.Core.Options;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Cli;

/// <summary>Entry point: parses the verb, builds the host, runs the verb. Exit codes: see <see cref="ExitCodes"/>.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        CliArguments cli;
        try
        {
            cli = CliArguments.Parse(args);
        }
        catch (CliUsageException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        if (cli.Verb == "help" || cli.Help)
        {
            Console.WriteLine(Usage.For(cli.Verb));
            return 0;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        string? storePath = null;
        try
        {
            if (cli.Verb == "serve")
            {
                return await ServeCommand.RunAsync(cli, path => storePath = path, cancellation.Token);
            }

            if (cli.Verb == "migrate")
            {
                return await MigrateCommand.RunAsync(cli, path => storePath = path, cancellation.Token);
            }

            using var host = Build(cli, quiet: true);
            var services = host.Services;
            storePath = StorePath(services);
            return cli.Verb switch
            {
                "ask" => await AskCommand.RunAsync(cli, services, cancellation.Token),
                "index" when cli.Flags.Contains("--rebuild") => await RebuildCommand.RunAsync(cli, services, cancellation.Token),
                "index" => await IndexCommand.RunAsync(cli, services, cancellation.Token),
                "check" => await CheckCommand.RunAsync(services, cancellation.Token),
                "sources" => await SourcesCommand.RunAsync(cli, services, cancellation.Token),
                "add" => await AddSourceCommand.RunAsync(cli, services, cancellation.Token),
                "remove" => await RemoveSourceCommand.RunAsync(cli, services, cancellation.Token),
                "refresh" => await RefreshSourceCommand.RunAsync(cli, services, cancellation.Token),
                "chat" => await ChatCommand.RunAsync(services, cancellation.Token),
                "eval" => await EvalCommand.RunAsync(cli, services, cancellation.Token),
                _ => ExitCodes.Usage,
            };
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("Configuration is invalid:\n- " + string.Join("\n- ", ex.Failures));
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (CliUsageException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (storePath is not null && StoreUnavailableException.From(storePath, ex) is { } unavailable)
        {
            // One line instead of a stack trace: the store is unusable, and the command that would fix it is named.
            await Console.Error.WriteLineAsync(StoreErrorText.Format(unavailable));
            return ExitCodes.StoreUnusable;
        }
    }

    /// <summary>The store's file as the user configured it (relative paths stay relative, as they typed them).</summary>
    public static string StorePath(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value.Path;

    public static IHost Build(CliArguments cli, bool quiet)
    {
        var overrides = new Dictionary<string, string?>(cli.Overrides, StringComparer.OrdinalIgnoreCase);
        if (cli.Verb != "serve")
        {
            // The person at the terminal is not a chat user to protect the bot from.
            overrides.TryAdd("RateLimits:QuestionsPerWindow", "0");
        }

        var builder = KzBotHost.CreateBuilder([.. cli.HostArgs], overrides, quiet);
        if (cli.Sources.Count > 0)
        {
            builder.Services.PostConfigure<SourcesOptions>(o => o.Folders = [.. cli.Sources]);
        }

        return builder.Build();
    }

    /// <summary>Indexes on first use (and picks up edited sources later); cheap when nothing changed.</summary>
    public static async Task EnsureIndexedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<SourcesOptions>>().Value;
        var ingestor = services.GetRequiredService<DataIngestor>();
        var store = services.GetRequiredService<Core.Storage.ICorpusStore>();
        await store.InitializeAsync(cancellationToken);
        if (!options.IndexOnStart && (await store.ListDocumentsAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        IndexReport report;
        try
        {
            report = await ingestor.ReloadAsync("start-up indexing", force: false, cancellationToken);
        }
        catch (ReloadAlreadyRunningException ex)
        {
            // Another replica is indexing the same store: this one answers from the index as it is, and hears of the new one when it lands.
            await Console.Error.WriteLineAsync(ex.Message + " Answering from the index as it is meanwhile.");
            return;
        }

        if (report.Failed.Count > 0 || report.HasChanges)
        {
            await Console.Error.WriteLineAsync(IndexReportText.Format(report));
        }
    }
}
