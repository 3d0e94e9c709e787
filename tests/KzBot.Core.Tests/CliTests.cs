using System.Diagnostics;
using System.Text.Json;

namespace KzBot.Core.Tests;

/// <summary>The command line as a newcomer runs it: the real executable, its stdout and exit code.</summary>
public class CliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kzbot-cli-").FullName;

    // The host project's own output (its deps.json lists every package it needs); the test build compiles it.
    private static string KzBotDll { get; } = Path.Combine(
        Repo.Root, "src", "KzBot", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "KzBot.dll");

    [Fact]
    public async Task Ask_json_prints_exactly_one_object_with_the_documented_shape()
    {
        var (code, stdout, _) = await RunAsync(null, "ask", "--json", "Did Kazakhstan recognise Donetsk and Luhansk?");

        Assert.Equal(0, code);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal(["question", "answer", "refused", "citations"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Did Kazakhstan recognise Donetsk and Luhansk?", root.GetProperty("question").GetString());
        Assert.False(root.GetProperty("refused").GetBoolean());
        Assert.Contains("[1]", root.GetProperty("answer").GetString());
        var citation = root.GetProperty("citations")[0];
        Assert.Equal(["n", "documentId", "title", "source", "quote"], citation.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, citation.GetProperty("n").GetInt32());
        Assert.Contains("Donetsk", citation.GetProperty("quote").GetString());
    }

    [Fact]
    public async Task Ask_json_of_a_question_the_sources_come_close_to_lists_the_closest_sentences()
    {
        var (code, stdout, _) = await RunAsync(null, "ask", "--json", "Who is Tokayev's wife?");

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(["question", "answer", "refused", "citations", "closest"], root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("refused").GetBoolean());
        Assert.Equal(0, root.GetProperty("citations").GetArrayLength());
        var closest = root.GetProperty("closest")[0];
        Assert.Equal(["n", "documentId", "title", "source", "quote"], closest.EnumerateObject().Select(p => p.Name));
        Assert.Contains("Tokayev", closest.GetProperty("quote").GetString());
        Assert.Contains("[1]", root.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Ask_json_from_standard_input_answers_one_line_per_question()
    {
        var (code, stdout, _) = await RunAsync("Did Kazakhstan recognise Donetsk?\n\nWhat is the capital of Australia?\n", "ask", "--json", "-");

        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.False(JsonDocument.Parse(lines[0]).RootElement.GetProperty("refused").GetBoolean());
        Assert.True(JsonDocument.Parse(lines[1]).RootElement.GetProperty("refused").GetBoolean());
    }

    [Fact]
    public async Task Ask_prints_a_readable_answer_with_numbered_sources()
    {
        var (code, stdout, _) = await RunAsync(null, "ask", "How did Kazakhstan vote on the UN resolution condemning the invasion?");

        Assert.Equal(0, code);
        Assert.Contains("abstained", stdout);
        Assert.Contains("Sources:", stdout);
        Assert.Contains("[1] Kazakhstan struggles to maintain relations with Russia amid war with Ukraine", stdout);
    }

    [Fact]
    public async Task Serve_without_any_bot_configured_names_the_settings_and_exits_2()
    {
        var (code, _, stderr) = await RunAsync(null, "serve");

        Assert.Equal(2, code);
        Assert.Contains("Telegram:BotToken", stderr);
        Assert.Contains("Discord:BotToken", stderr);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("ask", "--bogus", "x")]
    [InlineData("ask")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (code, _, stderr) = await RunAsync(null, args);

        Assert.Equal(2, code);
        Assert.NotEmpty(stderr.Trim());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        psi.ArgumentList.Add(KzBotDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--data");
        psi.ArgumentList.Add(_data);
        foreach (var key in new[] { "KZBOT__Telegram__BotToken", "KZBOT__Discord__BotToken" })
        {
            psi.Environment.Remove(key);
        }

        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
