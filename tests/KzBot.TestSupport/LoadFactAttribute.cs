using Xunit;

namespace KzBot.TestSupport;

/// <summary>
/// A measurement, not a check: it takes real time and its numbers depend on the machine, so it runs only when
/// <c>KZBOT_LOAD_RUN=1</c>. Each load test reads its own sizes (e.g. <c>KZBOT_LOAD_MESSAGES</c>) with defaults.
/// </summary>
public sealed class LoadFactAttribute : FactAttribute
{
    public const string Variable = "KZBOT_LOAD_RUN";

    public LoadFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"Load run: set {Variable}=1 to measure.";
        }
    }
}
