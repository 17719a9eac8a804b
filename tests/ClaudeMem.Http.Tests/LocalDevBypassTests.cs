using System.Net;
using Alba;
using Microsoft.AspNetCore.Http;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Tests;

public sealed class LocalDevFixture() : IAsyncLifetime
{
    public ServerFixture Server { get; } = new()
    {
        Customize = s => s with { AuthMode = AuthModes.LocalDev, AllowLocalDevBypass = true },
    };

    public Task InitializeAsync() => Server.InitializeAsync();
    public Task DisposeAsync() => Server.DisposeAsync();
}

public class LocalDevBypassTests(LocalDevFixture fixture) : IClassFixture<LocalDevFixture>
{
    private async Task<int> StartSessionAsync(IPAddress? peer, string host, params (string Name, string Value)[] headers)
    {
        var result = await fixture.Server.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c =>
            {
                c.Connection.RemoteIpAddress = peer;
                c.Request.Host = new HostString(host);
            });
            foreach (var (name, value) in headers) s.WithRequestHeader(name, value);
            s.Post.Json(new { projectId = "local" }).ToUrl("/v1/sessions/start");
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }

    [Theory]
    [InlineData("127.0.0.1", "localhost:37877")]
    [InlineData("::1", "[::1]:37877")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public async Task A_genuine_loopback_request_without_a_key_is_let_in(string peer, string host) =>
        Assert.Equal(201, await StartSessionAsync(IPAddress.Parse(peer), host));

    [Fact]
    public async Task A_non_loopback_peer_is_refused() =>
        Assert.Equal(401, await StartSessionAsync(IPAddress.Parse("10.1.2.3"), "localhost"));

    [Fact]
    public async Task An_unknown_peer_is_refused() => Assert.Equal(401, await StartSessionAsync(null, "localhost"));

    [Theory]
    [InlineData("memory.example.com")]
    [InlineData("192.168.1.5:37877")]
    public async Task A_non_loopback_host_header_is_refused(string host) =>
        Assert.Equal(401, await StartSessionAsync(IPAddress.Loopback, host));

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("X-Forwarded-Host", "evil.example")]
    [InlineData("X-Forwarded-Proto", "https")]
    [InlineData("Forwarded", "for=203.0.113.9")]
    [InlineData("X-Real-IP", "203.0.113.9")]
    public async Task Any_sign_of_a_proxy_is_refused(string header, string value) =>
        Assert.Equal(401, await StartSessionAsync(IPAddress.Loopback, "localhost", (header, value)));

    [Fact]
    public async Task A_presented_key_is_checked_even_on_loopback() =>
        Assert.Equal(403, await StartSessionAsync(IPAddress.Loopback, "localhost", ("Authorization", "Bearer cmem_" + new string('1', 48))));

    [Fact]
    public async Task The_bypass_flag_without_local_dev_mode_does_nothing()
    {
        await using var apiKeyMode = new ServerFixture { Customize = s => s with { AllowLocalDevBypass = true } };
        await apiKeyMode.InitializeAsync();
        var result = await apiKeyMode.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Loopback);
            s.Post.Json(new { projectId = "local" }).ToUrl("/v1/sessions/start");
            s.StatusCodeShouldBe(401);
        });
        Assert.Equal(401, result.Context.Response.StatusCode);
    }
}
