using KzBot.Core.Storage;

namespace KzBot.Cli;

/// <summary>The one line a user sees when the store cannot be used: what is wrong with which file, and the way out.</summary>
internal static class StoreErrorText
{
    public static string Format(StoreUnavailableException error) => error.Problem switch
    {
        StoreProblem.Damaged => error.Message
            + " Rebuild it from the sources with \"index --rebuild\" (answers, feedback and the audit log are kept where they can still be read, and the damaged file is kept beside the new one), or use another store with --data DIR.",
        StoreProblem.Unreachable => error.Message + " Check that the server is running and Storage:ConnectionString (KZBOT__Storage__ConnectionString) names it.",
        StoreProblem.NewerSchema => error.Message + " Run the newer KzBot, or point Storage:ConnectionString at another database.",
        _ => error.Message + " Point --data (or Storage:Path) at a folder KzBot can create files in.",
    };
}
