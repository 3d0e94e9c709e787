namespace KzBot.Discord.Tests.Fakes;

/// <summary>INTERACTION_CREATE payloads as Discord sends them.</summary>
public static class Interactions
{
    public static string Command(string id, string name, string? question = null, string? permissions = "2248473465835073", string user = DiscordTestBot.User, bool dm = false)
    {
        var options = question is null ? "" : $$""","options":[{"name":"question","type":3,"value":{{System.Text.Json.JsonSerializer.Serialize(question)}}}]""";
        var who = dm
            ? "\"user\":{\"id\":\"" + user + "\",\"username\":\"maria\"}"
            : "\"guild_id\":\"" + DiscordTestBot.Guild + "\",\"member\":{\"user\":{\"id\":\"" + user + "\",\"username\":\"maria\"},\"roles\":[],\"permissions\":\"" + permissions + "\"}";
        return $$$"""{"id":"{{{id}}}","application_id":"{{{FakeDiscordServer.AppId}}}","type":2,"token":"itoken-{{{id}}}","version":1,"channel_id":"{{{DiscordTestBot.Channel}}}",{{{who}}},"data":{"id":"1250000000000000001","name":"{{{name}}}","type":1{{{options}}}}}""";
    }

    public static string Button(string id, string customId, string user = DiscordTestBot.User) =>
        $$$"""{"id":"{{{id}}}","application_id":"{{{FakeDiscordServer.AppId}}}","type":3,"token":"itoken-{{{id}}}","version":1,"channel_id":"{{{DiscordTestBot.Channel}}}","guild_id":"{{{DiscordTestBot.Guild}}}","member":{"user":{"id":"{{{user}}}","username":"maria"},"roles":[],"permissions":"0"},"data":{"custom_id":"{{{customId}}}","component_type":2},"message":{"id":"1300000000000000999","channel_id":"{{{DiscordTestBot.Channel}}}"}}""";

    public static string Callback(string id) => $"interactions/{id}/itoken-{id}/callback";

    public static string Original(string id) => $"webhooks/{FakeDiscordServer.AppId}/itoken-{id}/messages/@original";
}
