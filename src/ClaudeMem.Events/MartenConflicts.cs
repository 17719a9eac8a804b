using JasperFx;
using JasperFx.Events;
using Npgsql;

namespace ClaudeMem.Events;

/// <summary>
/// The one place that recognises Marten's ways of saying "another writer got there first", wherever
/// they are wrapped (Marten and Wolverine nest the cause in inner exceptions).
/// </summary>
public static class MartenConflicts
{
    /// <summary>A unique key said no: another writer created the same stream or document first.</summary>
    public static bool IsDuplicate(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Marten.Exceptions.ExistingStreamIdCollisionException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException) return true;
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        }
        return false;
    }

    /// <summary>Someone appended to the stream between our read and our write, or created it (or the document) first.</summary>
    public static bool IsConcurrencyConflict(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException) return true;
        return IsDuplicate(exception);
    }
}
