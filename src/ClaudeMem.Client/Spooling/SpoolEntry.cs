using ClaudeMem.Client.Api;

namespace ClaudeMem.Client.Spooling;

public sealed record SpoolEntry(string Method, string Path, string? Body, string? SessionStartBody, long SpooledAtEpoch)
{
    public OutgoingRequest ToRequest() => new(Method, Path, Body, SessionStartBody);
}
