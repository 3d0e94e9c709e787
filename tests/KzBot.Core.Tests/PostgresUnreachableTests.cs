namespace KzBot.Core.Tests;

/// <summary>Storage:Provider=Postgres with no server where the connection string points: a one-line store error.</summary>
public sealed class PostgresUnreachableTests
{
    [Fact]
    public async Task The_cli_names_an_unreachable_server_in_one_line_with_the_store_exit_code_and_no_password()
    {
        var data = Directory.CreateTempSubdirectory("kzbot-pg-cli-").FullName;
        var result = await KzBotProcess.RunAsync(
            ["ask", "What is in the sources?", "--data", data, "--sources", Repo.Seeds, "--Retrieval:Embeddings=None", "--Storage:Provider=Postgres"],
            environment: new Dictionary<string, string> { ["KZBOT__Storage__ConnectionString"] = "Host=127.0.0.1;Port=1;Username=kzbot;Password=SECRET-pw;Database=kzbot;Timeout=3" });

        Assert.Equal(3, result.Code);
        var line = Assert.Single(result.StderrLines, l => l.Contains("cannot be reached", StringComparison.Ordinal));
        Assert.Contains("127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
