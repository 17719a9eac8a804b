
namespace ClaudeMem.Client.Spooling;

public sealed record SpoolReplay(int Sent, int Rejected, int Corrupt, int Left);
