using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClaudeMem.Http.Tests;

/// <summary>What the server composes at start-up, where leaving a part out is a start-up cost saved (issue 11).</summary>
public class StartupCompositionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public void No_data_protection_is_registered_because_nothing_the_server_does_needs_it()
    {
        // AddAuthentication would register it, and its hosted service reads or creates an XML key ring at every start.
        Assert.Null(fixture.Host.Services.GetService<IDataProtectionProvider>());
        var hosted = fixture.Host.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName!).ToList();
        Assert.DoesNotContain(hosted, name => name.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
    }

    [Fact]
    public void Runtime_compilation_stays_available_with_extension_discovery_off()
    {
        // Wolverine's automatic discovery used to register it; a handler missing from Internal/Generated needs it.
        Assert.NotNull(fixture.Host.Services.GetService<IAssemblyGenerator>());
    }
}
