using KzBot.Core.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Cli;

internal static class AskCommand
{
    public static async Task<int> RunAsync(CliArguments cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        var json = cli.Flags.Contains("--json");
        var fromStdin = cli.Positional is ["-"];
        var question = string.Join(' ', cli.Positional);
        if (!fromStdin && string.IsNullOrWhiteSpace(question))
        {
            await Console.Error.WriteLineAsync("Ask a question: ask \"QUESTION\" (see ask --help)");
            return 2;
        }

        await CliApp.EnsureIndexedAsync(services, cancellationToken);
        var engine = services.GetRequiredService<ChatEngine>();
        if (!fromStdin)
        {
            return await AnswerOneAsync(engine, question, json, cancellationToken) ? 0 : 1;
        }

        // JSON Lines (or text blocks): the index is loaded once for the whole stream.
        string? line;
        while ((line = await Console.In.ReadLineAsync(cancellationToken)) is not null)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            await AnswerOneAsync(engine, line, json, cancellationToken);
            if (!json)
            {
                Console.WriteLine();
            }
        }

        return 0;
    }

    private static async Task<bool> AnswerOneAsync(ChatEngine engine, string question, bool json, CancellationToken cancellationToken)
    {
        var message = new IncomingMessage
        {
            Platform = "console",
            ChatId = "cli",
            UserId = "local",
            IsDirect = true,
            IsAdmin = true,

            // Prefixed so that a question starting with "/" is still a question, not a command.
            Text = "/ask " + question,
        };
        var reply = await engine.HandleAsync(message, cancellationToken);
        if (json)
        {
            Console.WriteLine(AnswerJson.Write(question, reply.Answer, reply.Text));
        }
        else
        {
            Console.WriteLine(ConsoleRenderer.Render(reply));
        }

        return reply.Kind == ReplyKind.Answer;
    }
}
