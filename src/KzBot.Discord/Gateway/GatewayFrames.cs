using System.Buffers;
using System.Text.Json;
using KzBot.Discord.Models;

namespace KzBot.Discord.Gateway;

/// <summary>
/// Outgoing gateway payloads, written by hand so that <c>d</c> is always present — a heartbeat before any
/// sequence must say <c>"d":null</c>, which a serializer that omits nulls would drop.
/// </summary>
internal static class GatewayFrames
{
    /// <summary>Discord closes with 4002 above this.</summary>
    public const int MaxPayloadBytes = 4096;

    public static byte[] Heartbeat(long? sequence) => Write(GatewayOpcode.Heartbeat, w =>
    {
        if (sequence is { } s)
        {
            w.WriteNumberValue(s);
        }
        else
        {
            w.WriteNullValue();
        }
    });

    public static byte[] Identify(IdentifyData data) =>
        Write(GatewayOpcode.Identify, w => JsonSerializer.Serialize(w, data, DiscordJsonContext.Default.IdentifyData));

    public static byte[] Resume(ResumeData data) =>
        Write(GatewayOpcode.Resume, w => JsonSerializer.Serialize(w, data, DiscordJsonContext.Default.ResumeData));

    private static byte[] Write(int op, Action<Utf8JsonWriter> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("op", op);
            w.WritePropertyName("d");
            writeData(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>One received payload: <see cref="Data"/> is cloned, so it outlives the receive buffer.</summary>
internal sealed record GatewayFrame(int Op, JsonElement Data, long? Sequence, string? Type)
{
    public static GatewayFrame Parse(ReadOnlyMemory<byte> json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var op = root.GetProperty("op").GetInt32();
        var data = root.TryGetProperty("d", out var d) ? d.Clone() : default;
        long? s = root.TryGetProperty("s", out var se) && se.ValueKind == JsonValueKind.Number ? se.GetInt64() : null;
        var t = root.TryGetProperty("t", out var te) && te.ValueKind == JsonValueKind.String ? te.GetString() : null;
        return new GatewayFrame(op, data, s, t);
    }
}
