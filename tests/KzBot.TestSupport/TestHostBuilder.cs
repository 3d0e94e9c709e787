using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.TestSupport;

/// <summary>
/// KzBot's real host (quiet logging) over a fresh <see cref="TestWorkspace"/>: the seed documents unless the test
/// writes its own sources, the workspace's settings plus the test's, and the test's service changes last.
/// </summary>
public static class TestHostBuilder
{
    public static (IHost Host, string Root) Build(
        string prefix,
        Action<string>? writeSources = null,
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string embeddings = "None")
    {
        var (root, sources) = TestWorkspace.Create(prefix);
        if (writeSources is null)
        {
            TestWorkspace.CopySeeds(sources);
        }
        else
        {
            writeSources(sources);
        }

        var overrides = TestWorkspace.HostSettings(root, sources, embeddings);
        foreach (var (k, v) in settings ?? [])
        {
            overrides[k] = v;
        }

        var builder = KzBotHost.CreateBuilder([], overrides, quiet: true);
        services?.Invoke(builder.Services);
        return (builder.Build(), root);
    }
}
