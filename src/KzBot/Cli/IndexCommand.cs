using KzBot.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Cli;

internal static class IndexCommand
{
    public static async Task<int> RunAsync(CliArguments cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        var report = await services.GetRequiredService<DataIngestor>().ReloadAsync(cli.Flags.Contains("--force"), cancellationToken);
        Console.WriteLine(IndexReportText.Format(report));
        return report.Failed.Count == 0 ? 0 : 1;
    }
}

internal static class SourcesCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await CliApp.EnsureIndexedAsync(services, cancellationToken);
        var engine = services.GetRequiredService<Core.Chat.ChatEngine>();
        var reply = await engine.HandleAsync(ConsoleUser.Message("/sources"), cancellationToken);
        Console.WriteLine(ConsoleRenderer.Render(reply));
        return 0;
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
