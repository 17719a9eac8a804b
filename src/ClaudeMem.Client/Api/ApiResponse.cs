using System.Net;
using System.Net.Http.Headers;

namespace ClaudeMem.Client.Api;

public sealed record ApiResponse(HttpStatusCode Status, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}
