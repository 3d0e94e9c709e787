using System.Text.Json.Serialization;

namespace KzBot.Core.Answering;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<Citation>))]
[JsonSerializable(typeof(Answer))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
