using KzBot.Core.Storage;

namespace KzBot.Cli;

/// <summary><c>check</c>: reads the store and says whether it is healthy, without changing it.</summary>
internal static class CheckCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(CliApp.StorePath(services));
        if (!File.Exists(path))
        {
            Console.WriteLine($"There is no store at {path} yet: ask, index or serve creates it.");
            return ExitCodes.Failure;
        }

        var lines = await StoreCheck.RunAsync(path, cancellationToken);
        Console.WriteLine($"Store {path}");
        foreach (var line in lines)
        {
            Console.WriteLine($"{line.Part}: {line.Finding}");
        }

        if (lines.Any(l => l.Damaged))
        {
            Console.WriteLine("The store is damaged. Rebuild it from the sources with \"index --rebuild\" (answers, feedback and the audit log are kept where they can still be read).");
            return ExitCodes.StoreUnusable;
        }

        Console.WriteLine("The store is healthy.");
        return ExitCodes.Ok;
    }
}
