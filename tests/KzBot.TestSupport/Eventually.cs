using System.Diagnostics;

namespace KzBot.TestSupport;

/// <summary>
/// Waits for something another thread does (a request reaching a fake, a handler finishing), polling with a
/// wall-clock cap so a broken test fails instead of hanging.
/// </summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? cap = null)
    {
        var limit = cap ?? TimeSpan.FromSeconds(30);
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > limit)
            {
                throw new TimeoutException("Gave up waiting: " + what);
            }

            await Task.Delay(5);
        }
    }

    /// <summary>The same for a condition that has to ask something (a store, a service) to be checked.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? cap = null)
    {
        var limit = cap ?? TimeSpan.FromSeconds(30);
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > limit)
            {
                throw new TimeoutException("Gave up waiting: " + what);
            }

            await Task.Delay(5);
        }
    }
}
