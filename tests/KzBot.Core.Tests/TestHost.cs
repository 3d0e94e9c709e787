using KzBot.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Core.Tests;

/// <summary>KzBot's real host over a temporary source folder and a temporary SQLite file.</summary>
public sealed class TestHost : WorkspaceHost
{
    private TestHost(IHost host, string root)
        : base(host, root)
    {
    }

    public static TestHost Create(Action<string>? writeSources = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var (host, root) = TestHostBuilder.Build("kzbot-test-", writeSources, settings, services);
        return new TestHost(host, root);
    }

    /// <summary>A second host on the same store and folders: a restart.</summary>
    public static TestHost Reopen(string root)
    {
        var builder = KzBotHost.CreateBuilder([], TestWorkspace.HostSettings(root, Path.Combine(root, "sources")), quiet: true);
        return new TestHost(builder.Build(), root);
    }

    public Task<IndexReport> ReloadAsync() => Ingestor.ReloadAsync(CancellationToken.None);
}
