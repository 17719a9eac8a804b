using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ClaudeMem.Http.Tests;

public class SmokeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Explore()
    {
        var client = fixture.Host.Server.CreateClient();
        var key = await fixture.CreateKeyAsync();
        async Task Show(HttpRequestMessage m)
        {
            var r = await client.SendAsync(m);
            Console.WriteLine($"{m.Method} {m.RequestUri} -> {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        HttpRequestMessage Post(string url, string body, string? k = null)
        {
            var m = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (k != null) m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", k);
            return m;
        }
        await Show(new HttpRequestMessage(HttpMethod.Get, "/healthz"));
        await Show(new HttpRequestMessage(HttpMethod.Get, "/api/health"));
        await Show(Post("/v1/sessions/start", "{\"projectId\":\"p1\",\"externalSessionId\":\"x\"}"));
        await Show(Post("/v1/sessions/start", "{\"projectId\":\"p1\",\"externalSessionId\":\"x\"}", key));
        await Show(Post("/v1/sessions/start", "{\"projectId\":\"p1\",\"externalSessionId\":\"x\"}", key));
        await Show(Post("/v1/sessions/start", "{\"projectId\":\"p1\",", key));
        await Show(Post("/v1/sessions/start", "{\"projectId\":5}", key));
        await Show(Post("/v1/sessions/start", "", key));
        await Show(Post("/v1/sessions/start", "null", key));
        await Show(Post("/v1/sessions/start", "{}", key));
        await Show(Post("/v1/sessions/start", "{}", "cmem_bad"));
        await Show(Post("/v1/events", "{\"projectId\":\"p1\",\"sourceType\":\"hook\",\"eventType\":\"x\",\"occurredAtEpoch\":1700000000000,\"payload\":{\"a\":1},\"sourceEventId\":\"e1\",\"contentSessionId\":\"x\"}", key));
        await Show(Post("/v1/events", "{\"projectId\":\"p1\",\"sourceType\":\"hook\",\"eventType\":\"x\",\"occurredAtEpoch\":1700000000000,\"payload\":{\"a\":1},\"sourceEventId\":\"e1\",\"contentSessionId\":\"x\"}", key));
        await Show(new HttpRequestMessage(HttpMethod.Get, "/v1/sessions/abc") { Headers = { Authorization = new("Bearer", key) } });
    }
}
