using KzBot.Core.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Cli;

internal static class ChatCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await CliApp.EnsureIndexedAsync(services, cancellationToken);
        var engine = services.GetRequiredService<ChatEngine>();
        Console.WriteLine("KzBot — ask a question; /help says what the sources cover, Ctrl+D to quit.");
        while (!cancellationToken.IsCancellationRequested)
        {
            Console.Write("> ");
            var line = await Console.In.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() is "/quit" or "/exit")
            {
                break;
            }

            var reply = await engine.HandleAsync(ConsoleUser.Message(line), cancellationToken);
            var text = ConsoleRenderer.Render(reply);
            Console.WriteLine(text.Length > 0 ? text + "\n" : EmptyHint);
        }

        return 0;
    }

    private const string EmptyHint = "Type a question, or /help.";
}
