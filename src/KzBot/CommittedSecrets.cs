using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace KzBot;

/// <summary>
/// Refuses to start when a secret is in a settings file that is committed (appsettings*.json): those end up in git
/// and in the Docker image. Checked for every secret whether or not its part is enabled, since the file leaks either way.
/// </summary>
internal static class CommittedSecrets
{
    public const string EnvironmentPrefix = "KZBOT__";

    public static readonly IReadOnlyList<string> Keys =
    [
        "Telegram:BotToken",
        "Telegram:WebhookSecretToken",
        "Discord:BotToken",
        "Llm:ApiKey",
        "Retrieval:RemoteEmbeddings:ApiKey",
    ];

    /// <summary>Throws <see cref="OptionsValidationException"/> naming each secret found and where it belongs; never the value.</summary>
    public static void ThrowIfAny(IConfiguration configuration)
    {
        var failures = Find(configuration);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("secrets", typeof(CommittedSecrets), failures);
        }
    }

    private const string ConnectionStringKey = "Storage:ConnectionString";

    private static bool HasPassword(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        try
        {
            var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            return parsed.Keys.Cast<string>().Any(k => k.Equals("Password", StringComparison.OrdinalIgnoreCase) || k.Equals("Pwd", StringComparison.OrdinalIgnoreCase));
        }
        catch (ArgumentException)
        {
            // Unparseable: treat as possibly secret rather than let it through.
            return true;
        }
    }

    public static IReadOnlyList<string> Find(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return [];
        }

        var failures = new List<string>();
        foreach (var provider in root.Providers.OfType<FileConfigurationProvider>())
        {
            if (provider.Source.Path is not { } path || !Path.GetFileName(path).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var file = provider.Source.FileProvider is PhysicalFileProvider physical ? Path.Combine(physical.Root, path) : path;
            // A connection string without a password (peer or certificate authentication) may be committed; one with a password may not.
            if (provider.TryGet(ConnectionStringKey, out var connection) && HasPassword(connection))
            {
                failures.Add($"{ConnectionStringKey} is set in {file}, a committed file, with a password: remove the password (or the whole setting) there and set the connection string in the environment ({EnvironmentPrefix}Storage__ConnectionString) or in user secrets (dotnet user-secrets --project src/KzBot set {ConnectionStringKey} …).");
            }

            foreach (var key in Keys)
            {
                if (provider.TryGet(key, out var value) && !string.IsNullOrWhiteSpace(value))
                {
                    failures.Add($"{key} is set in {file}, a committed file: remove it there and set it in the environment ({EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal)}) or in user secrets (dotnet user-secrets --project src/KzBot set {key} …).");
                }
            }
        }

        return failures;
    }
}
