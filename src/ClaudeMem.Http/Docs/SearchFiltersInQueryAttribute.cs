namespace ClaudeMem.Http.Docs;

/// <summary>The route reads the search filters from the query string (SearchRequest.FromQueryString); they are listed there.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SearchFiltersInQueryAttribute : Attribute;
