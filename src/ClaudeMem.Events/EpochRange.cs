namespace ClaudeMem.Events;

/// <summary>
/// The times, in epoch milliseconds, that events may carry: between 2001 and 2286. Catches seconds sent by
/// mistake, and nonsense; and bounds every record's time, which the search's week tokens rely on.
/// </summary>
public static class EpochRange
{
    public const long Earliest = 1_000_000_000_000;
    public const long Latest = 9_999_999_999_999;
}
