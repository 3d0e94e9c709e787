using KzBot.Core.Ingestion;
using KzBot.Embeddings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KzBot.Cli;

internal static class IndexCommand
{
    public static async Task<int> RunAsync(CliArguments cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        IndexReport report;
        try
        {
            report = await services.GetRequiredService<DataIngestor>().ReloadAsync("kzbot index", cli.Flags.Contains("--force"), cancellationToken);
        }
        catch (ReloadAlreadyRunningException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Failure;
        }

        Console.WriteLine(IndexReportText.Format(report));
        var code = report.Failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        var embedded = await WaitForEmbeddingsAsync(services, Console.Out, cancellationToken);
        return code != 0 ? code : embedded ? ExitCodes.Ok : ExitCodes.EmbeddingsPending;
    }

    /// <summary>
    /// Prints the background embedding's progress to <paramref name="output"/> until it has every vector or has
    /// failed once; true when complete or when embeddings are off. Call after a reload (which starts the pass).
    /// </summary>
    public static async Task<bool> WaitForEmbeddingsAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IOptions<EmbeddingOptions>>().Value.Embeddings == EmbeddingMode.None)
        {
            return true;
        }

        // A process that did not reload (Sources:IndexOnStart off) has not started a pass yet.
        var backfill = services.GetRequiredService<EmbeddingBackfill>();
        backfill.Schedule();
        string? waitingFor = null;
        void Show(EmbeddingStatus status)
        {
            if (status is { State: EmbeddingState.Embedding, Progress: { Final: false } p })
            {
                output.WriteLine($"Embedding: {p}");
            }
            else if (status is { State: EmbeddingState.WaitingForLease, Holder: { } holder, Coverage: { } c } && holder != waitingFor)
            {
                waitingFor = holder;
                output.WriteLine($"Embedding: {holder} is computing the vectors ({c.Done:N0} of {c.Texts:N0} passages have them); waiting for it.");
            }
        }

        backfill.StatusChanged += Show;
        try
        {
            var final = await backfill.WhenSettledAsync(cancellationToken);
            var coverage = final.Coverage;
            if (final.State == EmbeddingState.Idle)
            {
                var took = final.Progress is { Final: true } p ? $" Embedded {p}." : "";
                output.WriteLine($"Embeddings: all {coverage?.Texts ?? 0:N0} passages have vectors.{took}");
                return true;
            }

            output.WriteLine(
                $"Embeddings: {coverage?.Missing ?? 0:N0} of {coverage?.Texts ?? 0:N0} passages have no vectors yet ({final.Reason}). " +
                "They answer from word search until then; a running serve retries with back-off, or run index again.");
            return false;
        }
        finally
        {
            backfill.StatusChanged -= Show;
        }
    }
}

internal static class ConsoleUser
{
    /// <summary>The person at the terminal owns the machine, so they are an admin.</summary>
    public static Core.Chat.IncomingMessage Message(string text) => new()
    {
        Platform = "console",
        ChatId = "cli",
        UserId = "local",
        IsDirect = true,
        IsAdmin = true,
        Text = text,
    };
}
