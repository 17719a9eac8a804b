using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Queue;

/// <summary>Runs one job; the returned JSON becomes the job's return value (null is stored as <c>null</c>).</summary>
public delegate Task<JsonNode?> JobHandler(Job job, CancellationToken cancellationToken);
