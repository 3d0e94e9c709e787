namespace KzBot.Cli;

/// <summary>The process exit codes, as the README's command table documents them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and something failed: a file could not be indexed, a question was refused, the quality bar was missed.</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or configuration (including a secret in a committed settings file), or no bot configured for serve.</summary>
    public const int Usage = 2;

    /// <summary>The store is damaged or cannot be opened where it is configured; nothing was written to it.</summary>
    public const int StoreUnusable = 3;

    /// <summary>serve: every configured bot has stopped (its token was rejected, or it could not run).</summary>
    public const int NoBotRunning = 4;

    /// <summary>index: the sources are indexed, but some passages could not be embedded yet (EX_TEMPFAIL); they answer from word search until a retry succeeds.</summary>
    public const int EmbeddingsPending = 75;

    public const int Interrupted = 130;
}
