using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KzBot.Llm.Tests;

/// <summary>Keeps prompts/llm-request-example.md true: it must show exactly the request KzBot sends for question q02 of the evaluation set.</summary>
public sealed partial class RequestExampleTests
{
    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task The_documented_request_is_the_one_KzBot_sends()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        await using var host = await LlmTestHost.StartAsync(fake.Endpoint, new() { ["Llm:ApiKey"] = "" });

        await host.AskAsync("How did Kazakhstan vote on the UN resolution condemning the invasion?");

        var sent = JsonSerializer.Serialize(Assert.Single(fake.Requests).Body, Readable);

        File.WriteAllText(Path.Combine(Path.GetTempPath(), "kzbot-llm-request.json"), sent);
        var doc = File.ReadAllText(Path.Combine(Repo.Root, "prompts", "llm-request-example.md"));
        var documented = JsonBlock().Match(doc).Groups[1].Value.Trim();
        Assert.Equal(documented, sent.Trim());
    }

    [GeneratedRegex("```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
