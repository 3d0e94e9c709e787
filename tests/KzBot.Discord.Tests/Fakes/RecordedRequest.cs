using System.Text.Json;

namespace KzBot.Discord.Tests.Fakes;

/// <summary>One REST call the client made to the fake.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string? UserAgent, string Body, long Timestamp)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public bool Is(string method, string path) => Method == method && Path == path;
}
