using System.Text.Json;
using System.Text.Json.Serialization;
using ClaudeMem.Events;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Infrastructure;
using JasperFx;
using JasperFx.CodeGeneration;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaudeMem.Http;

/// <summary>Composition of the HTTP host, shared by the executable and the tests.</summary>
public static class ServerApp
{
    /// <summary>Default request body limit; the batch route allows more.</summary>
    public const long MaxBodyBytes = 1024 * 1024;
    public const long MaxBatchBodyBytes = 16 * 1024 * 1024;

    public static WebApplicationBuilder CreateBuilder(ServerSettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ApplicationName = typeof(ServerApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureServices(builder, settings);
        return builder;
    }

    public static void ConfigureServices(WebApplicationBuilder builder, ServerSettings settings)
    {
        builder.WebHost.UseUrls($"http://{(settings.Host.Contains(':') ? $"[{settings.Host}]" : settings.Host)}:{settings.Port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxBatchBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Wolverine", LogLevel.Warning);
        builder.Logging.AddFilter("Marten", LogLevel.Warning);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Readiness>());
        builder.Services.AddSingleton<JobWaiter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobWaiter>());
        builder.Services.AddHostedService(sp => new DispatchSweeper(sp.GetRequiredService<Marten.IDocumentStore>(),
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetService<Generation.Jobs.GenerationQueues>(),
            sp.GetService<Generation.Jobs.BullMqDispatcher>(), settings,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DispatchSweeper>>()));
        builder.Services.AddExceptionHandler<ErrorMapping>();
        // Registered before AddProblemDetails' default writer, so every framework problem is written in our error shape.
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemBodies>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        // The core of AddAuthentication without its Data Protection: API keys protect no cookie or token, and Data
        // Protection's hosted service reads (in a new container: creates and writes) an XML key ring at every start.
        builder.Services.AddAuthenticationCore(o => o.DefaultScheme = ApiKeyAuthentication.SchemeName);
        builder.Services.AddWebEncoders();
        new AuthenticationBuilder(builder.Services)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, _ => { });
        builder.Services.AddAuthorization(ScopePolicies.Register);

        builder.Services.AddClaudeMemEvents(settings.DatabaseConnectionString, settings.SearchConnections, useRum: settings.SearchRum)
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine()
            .DispatchRequeues();

        GenerationHosting.AddGeneration(builder.Services, settings);

        // Before UseWolverine: hosted services start in registration order, and this one must run before Wolverine's.
        builder.Services.AddHostedService<MessageStorageProvisioning>();
        // Extensions by hand (runtime compilation below, Marten and HTTP where they are added): automatic discovery
        // loads every assembly the application ships at start to look for extension attributes.
        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(ServerApp).Assembly;
            // The handlers are pre-generated into Internal/Generated (scripts/codegen.sh; GeneratedCodeTests fails when
            // they are stale), so start-up compiles nothing and Roslyn is never loaded: seconds of start-up and about
            // 180 MB of memory less. Auto, not Static: a handler missing from that folder is still compiled at run
            // time instead of its route answering 404.
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
            opts.UseRuntimeCompilation();
            // MessageStorageProvisioning (registered above, so it starts first) migrates only when the tables changed.
            opts.AutoBuildMessageStorageOnStartup = AutoCreate.None;
            GenerationHosting.ConfigureDispatch(opts, settings.QueueEngine);
        }, ExtensionDiscovery.ManualOnly);
        builder.Services.AddWolverineHttp();
        Docs.ApiReference.AddServices(builder.Services);
        Usage.UsageHosting.Add(builder.Services, settings);
        Metrics.MetricsHosting.AddServer(builder.Services);
        if (settings.LogFormat == LogFormats.Json) builder.Logging.AddJsonConsole();
        Mcp.McpHosting.AddServices(builder.Services, settings);
    }

    public static void ConfigurePipeline(WebApplication app)
    {
        app.Use(RequestIds.AssignAsync);
        app.Use(ResponseHeaders.AddAsync);
        // Routing after the headers step, so a HEAD on a health route is routed as its GET.
        app.UseRouting();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ErrorMapping.WriteBareStatusAsync);
        app.Use(BodyLimits.EnforceAsync);
        app.Use(UnsafeText.GuardAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(Usage.UsageMetering.MeterAsync);
        app.Use(JsonBodies.GuardAsync);
        app.Use(NulEncoding.EncodeBodyAsync);
        app.MapWolverineEndpoints(opts =>
        {
            opts.WarmUpRoutes = RouteWarmup.Eager;
            // '?limit=abc' is a 400, not a silent default.
            opts.RejectUnparseableQueryValues = true;
        });
        Docs.ApiReference.Map(app);
        Metrics.MetricsHosting.MapServer(app);
        Mcp.McpHosting.Map(app);
    }
}
