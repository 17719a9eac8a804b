using System.Net;
using System.Net.Http.Headers;

namespace ClaudeMem.Client.Api;

public enum Delivery
{
    Delivered,
    /// <summary>The server refused it for good (bad input): sending it again cannot help.</summary>
    Rejected,
    /// <summary>Unreachable, timed out, overloaded or unauthorised: keep it and send it later.</summary>
    Failed,
}
