using System.Security.Cryptography;
using System.Text;

namespace ClaudeMem.Events.Generation;

public sealed record GenerationJobCancelled(Guid JobStreamId, long AtEpoch);
