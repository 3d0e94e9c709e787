using System.Text.Json;

namespace KzBot.Discord.Tests.Fakes;

/// <summary>One REST call the client made to the fake.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string? UserAgent, string Body, long Timestamp)
{
    public JsonElement Json => Body.Length == 0 ? default : JsonDocument.Parse(Body).RootElement;

    public override string ToString() => $"{Method} {Path}";

    public bool Is(string method, string path) => Method == method && Path == path;
}
