namespace ClaudeMem.Events.Search;

public enum SearchOrder { Relevance, DateDesc, DateAsc }
