using KzBot.Core.Hosting;
using KzBot.Ops;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Cli;

internal static class ServeCommand
{
    /// <param name="storeKnown">Told the store's path as soon as the host exists, so a store failure can be reported by name.</param>
    public static async Task<int> RunAsync(CliArguments cli, Action<string> storeKnown, CancellationToken cancellationToken)
    {
        using var host = CliApp.Build(cli, quiet: false);
        storeKnown(CliApp.StorePath(host.Services));
        var platforms = host.Services.GetServices<BotPlatform>().ToList();
        if (!platforms.Any(p => p.Enabled))
        {
            await Console.Error.WriteLineAsync("No bot is configured, so there is nothing to serve. To enable one:");
            foreach (var p in platforms)
            {
                await Console.Error.WriteLineAsync($"- {p.Name}: {p.HowToEnable}");
            }

            await Console.Error.WriteLineAsync("To ask a question without a bot: ask \"…\" (see --help).");
            return ExitCodes.Usage;
        }

        // Every option (the tokens' shape included) is checked before indexing, which may take minutes, rather
        // than when the host starts after it.
        host.Services.GetService<IStartupValidator>()?.Validate();

        var bots = host.Services.GetRequiredService<RunningBots>();

        // The first index may take minutes: with the ops endpoint open first, an orchestrator sees the process alive
        // (and not yet ready) meanwhile, and the index is measured like every later reload.
        if (host.Services.GetService<OpsServer>() is { } ops)
        {
            await ops.StartAsync(cancellationToken);
        }

        await CliApp.EnsureIndexedAsync(host.Services, cancellationToken);
        await host.RunAsync(cancellationToken);

        if (!bots.AnyRunning && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("No bot is running: " + string.Join(" ", bots.Stopped.Values));
            return ExitCodes.NoBotRunning;
        }

        return ExitCodes.Ok;
    }
}
