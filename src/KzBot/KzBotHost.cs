using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KzBot;

/// <summary>Builds KzBot's host: configuration and logging, then the services of <see cref="CompositionRoot"/>. Tests build the same host.</summary>
public static class KzBotHost
{
    private static readonly Dictionary<string, string?> QuietLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };

    /// <param name="args">Remaining command-line arguments (configuration overrides such as <c>--Storage:Path=…</c>).</param>
    /// <param name="overrides">Settings applied last (the CLI's --sources/--data, test fixtures).</param>
    /// <param name="quiet">Log warnings only, to standard error (CLI verbs whose standard output is the product).</param>
    public static HostApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? overrides = null, bool quiet = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = Directory.GetCurrentDirectory(),
            ApplicationName = "KzBot",
        });

        // appsettings.json normally sits in the working directory (the repository root, or /app in Docker);
        // the copy next to the binary covers running from anywhere else.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            ReloadOnChange = false,
        });
        builder.Configuration.AddUserSecrets(typeof(KzBotHost).Assembly, optional: true);
        builder.Configuration.AddEnvironmentVariables(CommittedSecrets.EnvironmentPrefix);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        if (quiet)
        {
            builder.Configuration.AddInMemoryCollection(QuietLogging);
        }

        CommittedSecrets.ThrowIfAny(builder.Configuration);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.None);
        if (quiet)
        {
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        // HTTP client logging would print request URLs, and Telegram's carry the bot token.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        CompositionRoot.AddKzBot(builder);
        return builder;
    }
}
