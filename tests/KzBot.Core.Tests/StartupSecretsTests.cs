using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KzBot.Core.Tests;

/// <summary>Secrets and tokens at start-up, through the real executable: what is refused, with which message and exit code.</summary>
public sealed class StartupSecretsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kzbot-secrets-").FullName;

    private string Data => Path.Combine(_root, "data");

    [Fact]
    public async Task Every_secret_in_a_committed_settings_file_is_refused_by_name_whatever_is_enabled()
    {
        // A working directory of its own, so its appsettings files are the ones the process reads.
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "appsettings.json"), """
            {
              "Telegram": { "BotToken": "123456:SECRET-telegram" },
              "Llm": { "ApiKey": "sk-SECRET-llm" },
              "Retrieval": { "RemoteEmbeddings": { "ApiKey": "sk-SECRET-embeddings" } },
              "Storage": { "ConnectionString": "Host=db;Username=kzbot;Password=SECRET-postgres" }
            }
            """);
        await File.WriteAllTextAsync(Path.Combine(work, "appsettings.Production.json"), """{ "Discord": { "BotToken": "SECRET-discord" } }""");

        // ask enables no bot, no model and no remote embeddings: the files leak the secrets all the same.
        var result = await KzBotProcess.RunAsync(["ask", "Did Kazakhstan recognise Donetsk?", "--data", Data, "--sources", Repo.Seeds, "--Retrieval:Embeddings=None"], workingDirectory: work);

        Assert.Equal(2, result.Code);
        foreach (var (key, environment) in new[]
        {
            ("Telegram:BotToken", "KZBOT__Telegram__BotToken"),
            ("Discord:BotToken", "KZBOT__Discord__BotToken"),
            ("Llm:ApiKey", "KZBOT__Llm__ApiKey"),
            ("Retrieval:RemoteEmbeddings:ApiKey", "KZBOT__Retrieval__RemoteEmbeddings__ApiKey"),
            ("Storage:ConnectionString", "KZBOT__Storage__ConnectionString"),
        })
        {
            var line = Assert.Single(result.StderrLines, l => l.Contains(key + " is set in", StringComparison.Ordinal));
            Assert.Contains(environment, line, StringComparison.Ordinal);
            Assert.Contains("user secrets", line, StringComparison.Ordinal);
        }

        Assert.Contains(result.StderrLines, l => l.Contains(Path.Combine(work, "appsettings.Production.json"), StringComparison.Ordinal));
        Assert.DoesNotContain("SECRET", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Data, "kzbot.db")), "nothing may run before the secrets are refused");
    }

    [Fact]
    public async Task Serve_checks_the_token_before_indexing()
    {
        var result = await KzBotProcess.RunAsync(
            ["serve", "--data", Data, "--sources", Repo.Seeds, "--Retrieval:Embeddings=None"],
            environment: new Dictionary<string, string> { ["KZBOT__Telegram__BotToken"] = "no-colon-SECRET" });

        Assert.Equal(2, result.Code);
        Assert.Contains("Telegram:BotToken does not look like a BotFather token", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Data, "kzbot.db")), "the sources were indexed before the token was checked");
    }

    [Fact]
    public async Task Serve_whose_only_bot_has_its_token_rejected_says_so_and_exits_4_without_retrying()
    {
        // A Bot API that knows no bot: Telegram answers 401 Unauthorized to a wrong or revoked token.
        var requests = 0;
        await using var api = LoopbackWeb.CreateBuilder().Build();
        api.Run(async context =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"ok":false,"error_code":401,"description":"Unauthorized"}""");
        });
        await api.StartAsync();

        var result = await KzBotProcess.RunAsync(
            ["serve", "--data", Data, "--sources", Repo.Seeds, "--Retrieval:Embeddings=None", "--Telegram:ApiBaseUrl=" + LoopbackWeb.Address(api)],
            environment: new Dictionary<string, string> { ["KZBOT__Telegram__BotToken"] = "123456:REVOKED-token" },
            timeout: TimeSpan.FromSeconds(90));

        Assert.Equal(4, result.Code);
        Assert.Contains("the token was rejected — check Telegram:BotToken", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Volatile.Read(ref requests));
        Assert.DoesNotContain("REVOKED", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => TestWorkspace.Delete(_root);
}
