using System.Text.Json;

namespace ClaudeMem.Http.Legacy;

public sealed record LegacyObservationRequest(
    string? ContentSessionId, string? Tool_name, JsonElement? Tool_input, JsonElement? Tool_response, string? Cwd, string? Tool_use_id);
