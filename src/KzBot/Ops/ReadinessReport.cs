using System.Text.Json;
using System.Text.Json.Serialization;

namespace KzBot.Ops;

/// <summary>The body of <c>/readyz</c>: ready only when every check is.</summary>
public sealed record ReadinessReport(bool Ready, IReadOnlyList<ReadinessCheck> Checks);

/// <param name="Name">"store", "index", or a platform's name.</param>
/// <param name="State">A word for the state ("reachable", "connected", "reconnecting", "stopped" …).</param>
public sealed record ReadinessCheck(string Name, bool Ok, string State, string? Detail = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class OpsJsonContext : JsonSerializerContext;
