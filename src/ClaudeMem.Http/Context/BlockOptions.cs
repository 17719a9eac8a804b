namespace ClaudeMem.Http.Context;

public sealed record BlockOptions(int ByteBudget, int FullCount);
