using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace ClaudeMem.Testing;

/// <summary>
/// A local server speaking the OpenAI-compatible chat completions wire format (what the
/// openrouter provider calls), scripted per test: how to answer the Nth request.
/// </summary>
public sealed class FakeChatCompletions : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _bodies = new();

    public delegate Task<IResult> Responder(int requestNumber, CancellationToken ct);

    private FakeChatCompletions(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The request bodies received, in order (what the provider was asked).</summary>
    public IReadOnlyList<string> RequestBodies => _bodies.ToArray();
    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeChatCompletions> StartAsync(Responder respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeChatCompletions(app);
        app.MapPost("/chat/completions", async (HttpContext context) =>
        {
            using (var reader = new StreamReader(context.Request.Body)) fake._bodies.Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
            var number = Interlocked.Increment(ref fake._requests);
            return await respond(number, context.RequestAborted);
        });
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First();
        return fake;
    }

    public static IResult Answer(string content) => Results.Json(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        model = "test-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = AnswerPromptTokens, completion_tokens = AnswerCompletionTokens, total_tokens = AnswerPromptTokens + AnswerCompletionTokens },
    });

    /// <summary>The usage every <see cref="Answer"/> reports, so tests can check token accounting.</summary>
    public const int AnswerPromptTokens = 900;
    public const int AnswerCompletionTokens = 100;

    public static string TwoObservations(string marker) => $"""
        Here is what happened.
        <observation>
          <type>bugfix</type>
          <title>Fixed the login redirect {marker}</title>
          <subtitle>Redirect loop on expired sessions</subtitle>
          <facts><fact>login.ts redirected to itself</fact></facts>
          <narrative>The agent fixed a redirect loop.</narrative>
          <concepts><concept>problem-solution</concept></concepts>
          <files_read><file>src/login.ts</file></files_read>
          <files_modified><file>src/login.ts</file></files_modified>
        </observation>
        <observation>
          <type>discovery</type>
          <title>Sessions expire after 15 minutes {marker}</title>
          <narrative>Found the session TTL.</narrative>
        </observation>
        """;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
