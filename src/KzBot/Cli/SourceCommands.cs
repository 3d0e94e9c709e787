using KzBot.Core.Chat;
using KzBot.Core.Sources.Fetching;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Cli;

/// <summary>sources, add, remove, refresh: the chat's admin commands at the terminal, through the same engine (and audit).</summary>
internal static class SourcesCommand
{
    public static async Task<int> RunAsync(CliArguments cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        await CliApp.EnsureIndexedAsync(services, cancellationToken);
        var reply = await Engine(services).HandleAsync(ConsoleUser.Message("/sources " + string.Join(' ', cli.Positional)), cancellationToken);
        Console.WriteLine(ConsoleRenderer.Render(reply));
        return 0;
    }

    internal static ChatEngine Engine(IServiceProvider services) => services.GetRequiredService<ChatEngine>();

    internal static async Task<int> PrintAsync(EngineReply reply)
    {
        if (reply.Failed)
        {
            await Console.Error.WriteLineAsync(reply.Text);
            return ExitCodes.Failure;
        }

        Console.WriteLine(reply.Text);
        return ExitCodes.Ok;
    }

    internal static string One(CliArguments cli, string what) => cli.Positional.Count == 1
        ? cli.Positional[0]
        : throw new CliUsageException($"{cli.Verb} needs exactly one {what}. Try {cli.Verb} --help.");
}

internal static class AddSourceCommand
{
    public static async Task<int> RunAsync(CliArguments cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        var target = SourcesCommand.One(cli, "URL or FILE");
        await CliApp.EnsureIndexedAsync(services, cancellationToken);
        var message = ConsoleUser.Message("/add " + (File.Exists(target) ? "" : target));
        if (File.Exists(target))
        {
            var size = new FileInfo(target).Length;
            message = message with
            {
                Attachment = new IncomingFile(Path.GetFileName(target), size, ContentSniffer.MediaTypeFor(target), (max, ct) => ReadCappedAsync(target, max, ct)),
            };
        }

        return await SourcesCommand.PrintAsync(await SourcesCommand.Engine(services).HandleAsync(message, cancellationToken));
    }

    private static async Task<byte[]> ReadCappedAsync(string path, long max, CancellationToken cancellationToken)
    {
        if (new FileInfo(path).Length > max)
        {
            throw new Core.Sources.ManagedSourceException(SafeFetcher.TooLarge(max));
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }
}

internal static class RemoveSourceCommand
{
    public static async Task<int> RunAsync(CliArguments cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        var id = SourcesCommand.One(cli, "ID");
        await CliApp.EnsureIndexedAsync(services, cancellationToken);
        var engine = SourcesCommand.Engine(services);
        if (cli.Flags.Contains("--yes"))
        {
            return await SourcesCommand.PrintAsync(await engine.HandleAsync(ConsoleUser.Message($"/remove {id} confirm"), cancellationToken));
        }

        var asked = await engine.HandleAsync(ConsoleUser.Message("/remove " + id), cancellationToken);
        if (asked.Confirm is not { } confirm)
        {
            return await SourcesCommand.PrintAsync(asked);
        }

        var question = asked.Text![..(asked.Text!.IndexOf('?', StringComparison.Ordinal) + 1)];
        Console.Write(question + " [y/N] ");
        var answer = await Console.In.ReadLineAsync(cancellationToken);
        if (answer?.Trim().ToLowerInvariant() is not ("y" or "yes"))
        {
            await Console.Error.WriteLineAsync($"Not removed. Run \"remove {id} --yes\" to remove it without asking.");
            return ExitCodes.Failure;
        }

        return await SourcesCommand.PrintAsync(await engine.ConfirmAsync(ConsoleUser.Message("/remove " + id), confirm.Token, cancellationToken));
    }
}

internal static class RefreshSourceCommand
{
    public static async Task<int> RunAsync(CliArguments cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        var id = SourcesCommand.One(cli, "ID");
        await CliApp.EnsureIndexedAsync(services, cancellationToken);
        return await SourcesCommand.PrintAsync(await SourcesCommand.Engine(services).HandleAsync(ConsoleUser.Message("/refresh " + id), cancellationToken));
    }
}
