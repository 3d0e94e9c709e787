using System.Collections.Concurrent;
using KzBot.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KzBot.Core.Tests;

/// <summary>Every index listener is told after a reload, in registration order, and one that fails stops neither the others nor the reload.</summary>
public sealed class IndexListenerTests
{
    [Fact]
    public async Task Listeners_run_one_after_another_and_the_reload_returns_after_the_last()
    {
        var calls = new ConcurrentQueue<string>();
        await using var host = TestHost.Create(
            WriteOneSource,
            services: s =>
            {
                s.AddSingleton<IIndexListener>(new Listener(async () =>
                {
                    // Yields first, so a listener that is started but not awaited would finish after the next one.
                    await Task.Yield();
                    calls.Enqueue("first");
                }));
                s.AddSingleton<IIndexListener>(new Listener(() =>
                {
                    calls.Enqueue("second");
                    return Task.CompletedTask;
                }));
            });

        var report = await host.ReloadAsync();

        Assert.Single(report.Added);
        Assert.Equal(["first", "second"], calls);
    }

    [Fact]
    public async Task A_failing_listener_is_logged_and_the_next_one_still_runs()
    {
        var logs = new CapturedLogs();
        var secondRan = 0;
        await using var host = TestHost.Create(
            WriteOneSource,
            services: s =>
            {
                s.AddSingleton<ILoggerProvider>(logs);
                s.AddSingleton<IIndexListener>(new Listener(() => throw new InvalidOperationException("cache is gone")));
                s.AddSingleton<IIndexListener>(new Listener(() =>
                {
                    Interlocked.Increment(ref secondRan);
                    return Task.CompletedTask;
                }));
            });

        var report = await host.ReloadAsync();

        Assert.Single(report.Added);
        Assert.Equal(1, secondRan);
        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("Listener failed after a reload", StringComparison.Ordinal) && l.Contains("cache is gone", StringComparison.Ordinal));
    }

    private static void WriteOneSource(string dir) =>
        File.WriteAllText(Path.Combine(dir, "ferry.txt"), "Ferry notes\n\nThe ferry crossed the Irtysh river every morning at six.");

    private sealed class Listener(Func<Task> onReloaded) : IIndexListener
    {
        public Task OnReloadedAsync(IndexReport report, CancellationToken cancellationToken) => onReloaded();
    }
}
