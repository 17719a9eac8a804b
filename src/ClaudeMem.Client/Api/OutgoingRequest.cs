using System.Net;
using System.Net.Http.Headers;

namespace ClaudeMem.Client.Api;

/// <summary>A request the hook wants the server to get; it is also what the spool stores.</summary>
/// <param name="Body">The JSON body, already privacy-stripped.</param>
/// <param name="SessionStartBody">When the server answers 404 for an unknown session, this starts it and the request is sent once more.</param>
public sealed record OutgoingRequest(string Method, string Path, string? Body, string? SessionStartBody = null);
