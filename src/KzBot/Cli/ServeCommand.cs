using KzBot.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Cli;

internal static class ServeCommand
{
    public static async Task<int> RunAsync(CliArguments cli, CancellationToken cancellationToken)
    {
        using var host = CliApp.Build(cli, quiet: false);
        var platforms = host.Services.GetServices<BotPlatform>().ToList();
        if (!platforms.Any(p => p.Enabled))
        {
            await Console.Error.WriteLineAsync("No bot is configured, so there is nothing to serve. To enable one:");
            foreach (var p in platforms)
            {
                await Console.Error.WriteLineAsync($"- {p.Name}: {p.HowToEnable}");
            }

            await Console.Error.WriteLineAsync("To ask a question without a bot: ask \"…\" (see --help).");
            return 2;
        }

        await CliApp.EnsureIndexedAsync(host.Services, cancellationToken);
        await host.RunAsync(cancellationToken);
        return 0;
    }
}
