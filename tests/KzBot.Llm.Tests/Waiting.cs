namespace KzBot.Llm.Tests;

/// <summary>Waits for something another thread does (a request reaching the fake), with a generous wall-clock cap so a broken test fails instead of hanging.</summary>
public static class Waiting
{
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var cap = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > cap)
            {
                throw new TimeoutException("Gave up waiting until " + what);
            }

            await Task.Delay(5);
        }
    }
}
