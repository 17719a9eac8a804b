using ClaudeMem.Events.Generation;

namespace ClaudeMem.Http.Sessions;

public sealed record SummaryAnswer(SummaryView Summary);
