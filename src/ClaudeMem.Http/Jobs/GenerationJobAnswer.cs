namespace ClaudeMem.Http.Jobs;

/// <summary>The job after a retry or cancel.</summary>
public sealed record GenerationJobAnswer(JobDescriptor GenerationJob);
