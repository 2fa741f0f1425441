using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Components;
using SendDashboard.Data;
using SendDashboard.Features.Account;
using SendDashboard.Features.Api;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Seeding;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;
using Serilog;
using SendDashboard.Features.Imports.Pipeline;

namespace SendDashboard;

/// <summary>
/// One executable: serves the web app by default, or runs a verb (migrate, seed …) through the same
/// services and handlers without starting Kestrel.
/// </summary>
public static class AppHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = verb == "serve" && args.Length > 0 && args[0] == "serve" ? args[1..] : args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;

        var contentRootGiven = verb == "serve" && rest.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Verbs have their own options (--dataset, --dry-run …): only serving reads the command line as configuration.
            Args = verb == "serve" ? rest : [],
            ContentRootPath = contentRootGiven ? null : FindContentRoot(),
        });
        // A verb's output is its result, not the log: only warnings and errors are logged.
        if (verb != "serve") builder.Configuration["Logging:Verb"] = verb;
        Configure(builder);
        var app = builder.Build();
        Map(app);

        // At the command line the operator of the server acts, as an administrator, under their login name.
        using var operatorScope = verb == "serve" ? null : CurrentUser.RunAs(ImportVerbs.CliOperator);
        switch (verb)
        {
            case "serve":
                await app.RunAsync();
                return 0;
            case "migrate":
                await Migrate(app.Services);
                return 0;
            case "seed":
                await Migrate(app.Services);
                await app.Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);
                await SeedAccounts(app.Services);
                return 0;
            case "demo-users" when app.Environment.IsDevelopment():
                DemoUsers.Print(Console.Out);
                return 0;
            case "api-token":
                return await ApiTokenVerbs.RunAsync(app.Services, rest, Console.Out, Console.Error);
            case "import" or "imports" or "revert":
                return await ImportVerbs.RunAsync(app.Services, verb, rest, Console.Out, Console.Error);
            case "add-migration" when rest.Length == 1:
                return await MigrationScaffolder.AddAsync(app.Services, rest[0], app.Environment.ContentRootPath);
            default:
                await Console.Error.WriteLineAsync($"Unknown verb '{verb}'. Verbs: serve (default), migrate, seed, import, imports, revert, add-migration NAME.\n{ImportVerbs.Usage}");
                return 2;
        }
    }

    public static void Configure(WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, lc) => lc
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Is(builder.Configuration["Logging:Verb"] is null ? Serilog.Events.LogEventLevel.Information : Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
            .WriteTo.Console());

        var connectionString = builder.Configuration.GetConnectionString("SendDashboard")
            ?? throw new InvalidOperationException(
                "No database configured: set ConnectionStrings__SendDashboard (deploy/run.sh does this for you).");
        connectionString = WithAutoPrepare(connectionString);

        builder.Services.AddDbContextFactory<SendDbContext>(o => o.UseNpgsql(connectionString, npg => npg.CommandTimeout(120)).AddInterceptors(new WriteGuard(), new BulkWriteGuard()));
        builder.Services.Configure<PartnershipOptions>(builder.Configuration.GetSection(PartnershipOptions.Section));
        builder.Services.Configure<SeedOptions>(builder.Configuration.GetSection(SeedOptions.Section));
        builder.Services.AddSingleton<Seeder>();
        builder.Services.Configure<ImportOptions>(builder.Configuration.GetSection(ImportOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ImportPipeline>();
        // One suppression rule for screens, tables, downloads and the API: counts from 1 to threshold - 1 are withheld.
        builder.Services.AddSingleton(new Statistics.Suppression(
            builder.Configuration.GetValue("Statistics:SuppressionThreshold", Statistics.Suppression.DefaultThreshold)));

        builder.Services.AddMediator((Mediator.MediatorOptions o) =>
        {
            o.ServiceLifetime = ServiceLifetime.Scoped;
            // Who may send it, then is it well formed, then (for writes) one transaction with its audit row.
            o.PipelineBehaviors = [typeof(AuthorisationBehaviour<,>), typeof(InspectorViewLog<,>), typeof(ValidationBehaviour<,>), typeof(AuditBehaviour<,>)];
        });
        // Validators of requests run in the pipeline; the row validator is built per import with that import's lookups.
        builder.Services.AddValidatorsFromAssemblyContaining<SendDbContext>(ServiceLifetime.Scoped,
            filter: r => r.InterfaceType.GenericTypeArguments[0].IsAssignableTo(typeof(Mediator.IMessage)), includeInternalTypes: true);

        builder.Services.AddSingleton<Writes>();
        builder.AddSendIdentity();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddProblemDetails();
        builder.AddHardening();
    }

    /// <summary>
    /// Repeated queries are prepared on each pooled connection (unless the connection string says otherwise): every
    /// figure lives in a partition of its import, and planning a query over all the partitions cost more than running it
    /// (measured by bench dashboard). Set "Max Auto Prepare=0" behind a pooler in transaction mode.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        if (connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;
    }

    public static void Map(WebApplication app)
    {
        app.UseHardening(); // forwarded headers, HTTPS, security headers, rate limits: first, so they cover every response
        // Outside Development the API answers errors with problem details (JSON, no stack trace) before the error page
        // of UseHardening is reached.
        if (!app.Environment.IsDevelopment())
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseExceptionHandler());

        // Pages get a readable "not found"; the API keeps its own status codes and problem details.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/health");
        AccountEndpoints.Map(app);
        ImportEndpoint.Map(app);
        IndicatorEndpoints.Map(app);
        ImportDownloads.Map(app);
        SendDashboard.Features.Evidence.EvidenceDownloads.Map(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    /// <summary>The roles, and in Development the demo account of each role.</summary>
    public static async Task SeedAccounts(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var environment = services.GetRequiredService<IHostEnvironment>();
        await DemoUsers.EnsureRolesAsync(scope.ServiceProvider);
        if (environment.IsDevelopment() && services.GetRequiredService<IConfiguration>().GetValue("Demo:Users", true))
            await DemoUsers.EnsureAsync(scope.ServiceProvider, environment, services.GetRequiredService<TimeProvider>());
    }

    public static async Task Migrate(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync();
        // Migrations only move forward from Initial; a database that records migrations this build does not have
        // was made by another build, and applying ours on top of it would fail halfway.
        var foreign = (await db.Database.GetAppliedMigrationsAsync()).Except(db.Database.GetMigrations()).ToList();
        if (foreign.Count > 0)
            throw new InvalidOperationException(
                $"The database records migrations this build does not know ({string.Join(", ", foreign)}): it was made by another " +
                "build of SendDashboard. Point SENDDASH_DB at an empty database, or for the private cluster remove .data/pg and run again.");
        await db.Database.MigrateAsync();
    }

    /// <summary>The project folder when run from source (dotnet run, tests), else the folder holding the binaries.</summary>
    private static string FindContentRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        for (var d = dir; d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "SendDashboard.csproj"))) return d.FullName;
        return AppContext.BaseDirectory;
    }
}
