using System.Text.Json.Serialization;

namespace ClaudeMem.Client;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClientConfigFile))]
internal sealed partial class ClientJson : JsonSerializerContext;
