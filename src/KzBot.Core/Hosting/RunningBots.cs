using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KzBot.Core.Hosting;

/// <summary>
/// The bots that stopped for good (a rejected token, a setting Discord refuses). When no enabled bot is left, the
/// host is stopped, so <c>serve</c> ends with an error instead of running with nothing to serve.
/// </summary>
public sealed class RunningBots(IEnumerable<BotPlatform> platforms, IHostApplicationLifetime lifetime, ILogger<RunningBots> logger)
{
    private readonly ConcurrentDictionary<string, string> _stopped = new(StringComparer.Ordinal);

    /// <summary>Platform name → why it stopped.</summary>
    public IReadOnlyDictionary<string, string> Stopped => _stopped;

    public bool AnyRunning => platforms.Any(p => p.Enabled && !_stopped.ContainsKey(p.Name));

    /// <summary>Called by a platform that will not run again in this process; <paramref name="reason"/> says what to fix.</summary>
    public void ReportStopped(string platform, string reason)
    {
        _stopped[platform] = reason;
        logger.LogCritical("{Reason}", reason);
        if (!AnyRunning)
        {
            logger.LogCritical("No bot is running any more; stopping");
            lifetime.StopApplication();
        }
    }
}
