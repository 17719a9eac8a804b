using ClaudeMem.Http.Search;

namespace ClaudeMem.Http.Context;

/// <summary>POST /v1/context with a query: the TypeScript server's answer, the hits' contents joined as one context text.</summary>
public sealed record ContextSearchAnswer(IEnumerable<CompatibleHit> Observations, string Context, string MatchMode);
