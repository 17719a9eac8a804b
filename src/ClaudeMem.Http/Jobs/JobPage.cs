namespace ClaudeMem.Http.Jobs;

/// <summary>A page of jobs, newest first, with the total matching the filters.</summary>
public sealed record JobPage(IEnumerable<JobDescriptor> Jobs, int Total, int Limit, int Offset);
