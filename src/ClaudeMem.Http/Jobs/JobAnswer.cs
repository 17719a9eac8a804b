namespace ClaudeMem.Http.Jobs;

public sealed record JobAnswer(JobDescriptor Job);
