using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KzBot.Llm.Tests;

public sealed class ConfigurationTests : IAsyncLifetime
{
    private FakeOpenAi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeOpenAi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData("system.txt")]
    [InlineData("grounded-answer.txt")]
    [InlineData("follow-up-rewrite.txt")]
    public async Task A_missing_prompt_file_stops_start_up_naming_the_file(string missing)
    {
        var prompts = CopyPrompts();
        File.Delete(Path.Combine(prompts, missing));

        var error = await StartFailureAsync(new() { ["Llm:PromptsPath"] = prompts });

        Assert.Contains(error.Failures, f => f.Contains(Path.Combine(prompts, missing), StringComparison.Ordinal) && f.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_placeholder_stops_start_up_naming_the_file_and_the_placeholder()
    {
        var prompts = CopyPrompts();
        var grounded = Path.Combine(prompts, "grounded-answer.txt");
        File.WriteAllText(grounded, File.ReadAllText(grounded).Replace("{{question}}", "{{questoin}}", StringComparison.Ordinal));

        var error = await StartFailureAsync(new() { ["Llm:PromptsPath"] = prompts });

        Assert.Contains(error.Failures, f => f.Contains(grounded, StringComparison.Ordinal) && f.Contains("{{question}}", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(grounded, StringComparison.Ordinal) && f.Contains("{{questoin}}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_endpoint_and_model_are_reported_with_what_to_set()
    {
        var error = await StartFailureAsync(new() { ["Llm:Endpoint"] = "", ["Llm:Model"] = "", ["Llm:Temperature"] = "3" });

        Assert.Contains(error.Failures, f => f.StartsWith("Llm:Endpoint is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Llm:Model is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Llm:Temperature must be", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_extractive_bot_needs_no_Llm_settings()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint, new() { ["Answering:Composer"] = "Extractive", ["Llm:Endpoint"] = "", ["Llm:Model"] = "" }, index: false);

        await host.Host.StartAsync();
        await host.Host.StopAsync();
    }

    [Fact]
    public async Task The_api_key_is_sent_to_the_endpoint_but_never_logged()
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint, new() { ["Llm:CircuitMinimumCalls"] = "2" });
        _fake.Enqueue(FakeReply.Fail(401), FakeReply.Fail(500), FakeReply.Fail(500), FakeReply.Malformed);

        for (var i = 0; i < 4; i++)
        {
            await host.AskAsync("How did Kazakhstan vote on the UN resolution condemning the invasion?");
        }

        Assert.All(_fake.Requests, r => Assert.Equal("Bearer " + LlmTestHost.ApiKey, r.Authorization));
        Assert.Contains(host.Logs, l => l.Contains("Model call for answer failed", StringComparison.Ordinal));
        Assert.Contains(host.Logs, l => l.Contains("HTTP 401", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs, l => l.Contains(LlmTestHost.ApiKey, StringComparison.Ordinal) || l.Contains("SECRET", StringComparison.Ordinal));
    }

    private async Task<OptionsValidationException> StartFailureAsync(Dictionary<string, string?> settings)
    {
        await using var host = await LlmTestHost.StartAsync(_fake.Endpoint, settings, index: false);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync());

        // The CLI verbs never start the host: the first answer must fail the same way.
        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<LlmComposer>());
        return error;
    }

    private static string CopyPrompts()
    {
        var dir = Directory.CreateTempSubdirectory("kzbot-prompts-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "prompts"), "*.txt"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        return dir;
    }
}
