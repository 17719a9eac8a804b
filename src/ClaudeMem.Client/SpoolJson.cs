using System.Text.Json.Serialization;

namespace ClaudeMem.Client;

/// <summary>Spool entries are one line each.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Spooling.SpoolEntry))]
internal sealed partial class SpoolJson : JsonSerializerContext;
