using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Components;
using SendDashboard.Data;
using SendDashboard.Features.Account;
using SendDashboard.Features.Api;
using SendDashboard.Features.Datasets;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Seeding;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Caching;
using SendDashboard.Infrastructure.Scale;
using SendDashboard.Infrastructure.Security;
using Serilog;

namespace SendDashboard;

/// <summary>
/// One executable: serves the web app by default, or runs a verb (migrate, seed …) through the same
/// services and handlers without starting Kestrel.
/// </summary>
public static class AppHost
{
    /// <summary>Every verb of the app (<c>deploy/senddash.sh help</c> lists the same ones beside the script's own).</summary>
    public static readonly string Usage = $"""
        serve [--urls URL]             serve the web app (the default)
        migrate                        apply the database migrations
        seed                           migrate, then load seed-data/ once (demo rows only on the demo database)
        {CreateAdminVerb.Usage,-30} make an administrator (the first account on a real database)
        {ImportVerbs.ImportUsage,-30} import a return (see the README for --meta, --create, --choose)
        {ImportVerbs.ImportsUsage,-30} list a dataset's versions
        {ImportVerbs.RevertUsage,-30} take an import out of use, restore the version before it
        {ExportVerb.Usage,-30} write a dataset's live version as an EES data CSV and meta CSV
        {Features.Meetings.MeetingVerbs.MeetingsUsage,-30} list board meetings: id, board, date, status, items
        {Features.Meetings.MeetingVerbs.PackUsage,-30} write a published meeting's pack or minutes
        api-token create|list|revoke   API tokens (see the README)
        demo-users                     list the demo sign-ins (demo database only)
        add-migration NAME             developers: scaffold an EF Core migration
        """;

    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>
        { "serve", "migrate", "seed", "create-admin", "import", "imports", "revert", "export", "api-token", "demo-users", "add-migration", "meetings", "pack" };

    /// <summary>Verbs that need the database migrated before they run (migrate and seed migrate it themselves; serve starts
    /// whatever the database's state, and its pages say when it cannot be read).</summary>
    private static readonly HashSet<string> NeedMigratedDatabase = ["create-admin", "import", "imports", "revert", "export", "api-token", "meetings", "pack"];

    public static Task<int> RunAsync(string[] args) => RunAsync(args, VerbConsole.System);

    /// <param name="configure">Tests: settings of their own, applied before the app's services.</param>
    /// <param name="environment">Tests: the environment, instead of ASPNETCORE_ENVIRONMENT's.</param>
    public static async Task<int> RunAsync(string[] args, VerbConsole console, Action<WebApplicationBuilder>? configure = null, string? environment = null)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = verb == "serve" && args.Length > 0 && args[0] == "serve" ? args[1..] : args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        if (verb is "help" or "--help" or "-h")
        {
            await console.Out.WriteAsync(Usage);
            return 0;
        }
        if (!Verbs.Contains(verb))
        {
            await console.Error.WriteLineAsync($"Unknown verb '{verb}'. The verbs are:\n{Usage}");
            return 2;
        }

        try
        {
            return await RunVerbAsync(verb, rest, console, configure, environment);
        }
        catch (Exception ex) when (ex is not HostAbortedException && VerbErrors.Describe(ex) is { } line)
        {
            await console.Error.WriteLineAsync(line);
            return 1;
        }
    }

    private static async Task<int> RunVerbAsync(string verb, string[] rest, VerbConsole console, Action<WebApplicationBuilder>? configure, string? environment)
    {
        var contentRootGiven = verb == "serve" && rest.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Verbs have their own options (--dataset, --dry-run …): only serving reads the command line as configuration.
            Args = verb == "serve" ? rest : [],
            ContentRootPath = contentRootGiven ? null : FindContentRoot(),
            EnvironmentName = environment,
        });
        configure?.Invoke(builder);
        // A verb's output is its result, not the log: only warnings and errors are logged.
        if (verb != "serve") builder.Configuration["Logging:Verb"] = verb;
        Configure(builder);
        var app = builder.Build();
        if (verb == "serve") Map(app); // the other verbs answer no requests
        await using var stopped = verb == "serve" ? null : app;

        // At the command line the operator of the server acts, as an administrator, under their login name.
        using var operatorScope = verb == "serve" ? null : CurrentUser.RunAs(ImportVerbs.CliOperator);
        if (NeedMigratedDatabase.Contains(verb) && await PrepareDatabaseAsync(app.Services, console) is { } refused) return refused;
        switch (verb)
        {
            case "serve":
                await app.RunAsync();
                return 0;
            case "migrate":
                await Migrate(app.Services);
                return 0;
            case "seed":
                await MigrateAndSeed(app.Services);
                return 0;
            case "demo-users":
                if (!app.Services.GetRequiredService<DemoMode>().IsOn)
                {
                    await console.Error.WriteLineAsync("There are no demo sign-ins: this is not the demo database (deploy/senddash.sh create-admin EMAIL makes an administrator).");
                    return 1;
                }
                DemoUsers.Print(console.Out);
                return 0;
            case "create-admin":
                return await CreateAdminVerb.RunAsync(app.Services, rest, console);
            case "api-token":
                return await ApiTokenVerbs.RunAsync(app.Services, rest, console.Out, console.Error);
            case "import" or "imports" or "revert":
                return await ImportVerbs.RunAsync(app.Services, verb, rest, console.Out, console.Error);
            case "export":
                return await ExportVerb.RunAsync(app.Services, rest, console);
            case "meetings":
                return await Features.Meetings.MeetingVerbs.MeetingsAsync(app.Services, rest, console);
            case "pack":
                return await Features.Meetings.MeetingVerbs.PackAsync(app.Services, rest, console);
            case "add-migration" when rest.Length == 1:
                return await MigrationScaffolder.AddAsync(app.Services, rest[0], app.Environment.ContentRootPath);
            default:
                await console.Error.WriteLineAsync("usage: add-migration NAME");
                return 2;
        }
    }

    /// <summary>
    /// A database with migrations still to apply: the demo database (deploy/senddash.sh's private cluster) is migrated
    /// and seeded on first use, so any verb works on a fresh clone; any other is left alone, with one line saying what to
    /// run. Null when the verb may go on, else its exit code.
    /// </summary>
    private static async Task<int?> PrepareDatabaseAsync(IServiceProvider services, VerbConsole console)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync();
        var pending = (await db.Database.GetPendingMigrationsAsync()).Count();
        if (pending == 0) return null;
        if (!services.GetRequiredService<DemoMode>().IsOn)
        {
            await console.Error.WriteLineAsync($"The database has {pending} migration(s) not yet applied: run deploy/senddash.sh seed (or migrate) first.");
            return 1;
        }
        await console.Error.WriteLineAsync($"The demo database has {pending} migration(s) not yet applied: migrating and seeding it first.");
        await MigrateAndSeed(services);
        return null;
    }

    /// <summary>The seed verb: migrate, load seed-data/ once, then the roles (and on the demo database its accounts).</summary>
    /// <remarks>Under the migrations lock as a whole, so that two instances seeding together load seed-data/ once.</remarks>
    private static Task MigrateAndSeed(IServiceProvider services) => UnderMigrationLock(services, async db =>
    {
        await MigrateLocked(db);
        await services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);
        await SeedAccounts(services);
    });

    public static void Configure(WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, lc) => lc
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Is(builder.Configuration["Logging:Verb"] is null ? Serilog.Events.LogEventLevel.Information : Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            // A verb reports a failed query or connection itself, in one line: EF's own error log would repeat it with a stack trace.
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", builder.Configuration["Logging:Verb"] is null ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Fatal)
            .ReadFrom.Services(services) // tests: sinks registered as services
            .WriteTo.Console(outputTemplate: Telemetry.ConsoleTemplate),
            // Each host logs through its own logger, never the static Log.Logger: several hosts in one process (tests,
            // verbs) would otherwise take each other's sinks.
            preserveStaticLogger: true);

        var connectionString = builder.Configuration.GetConnectionString("SendDashboard") is { Length: > 0 } configured ? configured
            : throw new SetupException(
                "No database configured: set ConnectionStrings__SendDashboard (deploy/run.sh does this for you).");
        connectionString = WithPoolSettings(connectionString);

        builder.Services.AddDbContextFactory<SendDbContext>(o => o.UseNpgsql(connectionString, npg => npg.CommandTimeout(120)).AddInterceptors(new WriteGuard(), new BulkWriteGuard()));
        builder.Services.Configure<PartnershipOptions>(builder.Configuration.GetSection(PartnershipOptions.Section));
        builder.Services.Configure<SeedOptions>(builder.Configuration.GetSection(SeedOptions.Section));
        builder.Services.AddSingleton<DemoMode>();
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
        builder.AddReadRouting(connectionString);
        builder.AddDataVersionedCaching(connectionString);
        builder.Services.AddScoped<Features.Meetings.MeetingContentBuilder>();
        // One key ring for every instance, in the database: a sign-in cookie or antiforgery token made by one instance is
        // read by any other behind the same load balancer.
        builder.Services.AddDataProtection().SetApplicationName("SendDashboard").PersistKeysToDbContext<SendDbContext>();
        builder.AddSendIdentity();
        // Run from the build output (deploy/run.sh) outside Development, the framework's and packages' static files
        // (blazor.web.js …) are found through the build's manifest, as Development finds them; a published app has none.
        if (!builder.Environment.IsDevelopment()) builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.AddHealth();
        builder.Services.AddProblemDetails();
        builder.AddHardening();
        builder.AddSendTelemetry();
    }

    /// <summary>
    /// How the app's pools use their connections, unless the connection string says otherwise:
    /// <list type="bullet">
    /// <item>Repeated queries are prepared on each pooled connection: every figure lives in a partition of its import, and
    /// planning a query over all the partitions cost more than running it (measured by bench dashboard). Set
    /// "Max Auto Prepare=0" behind a pooler in transaction mode. Prepared statements use generic plans
    /// (plan_cache_mode, unless Options is given).</item>
    /// <item>A connection going back to the pool is not reset (No Reset On Close): EF opens and closes the connection for each
    /// query, so a dashboard page sent the reset statement about 20 times, a round trip each (measured by bench load). Nothing
    /// here leaves session state on a pooled connection: no SET, temporary tables or session locks (advisory session locks
    /// and LISTEN use connections of their own, outside the pool), and an open transaction is still rolled back.</item>
    /// </list>
    /// </summary>
    public static string WithPoolSettings(string connectionString)
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
            // A prepared statement is planned once, not at each execution: figures are partitioned by import, and a custom
            // plan over the partitions cost more to make than to run (PostgreSQL's CPU per dashboard page: 17 ms with custom
            // plans, 10 ms with generic ones, measured by bench load). Pruning by import still happens, at execution.
            settings.Options ??= "-c plan_cache_mode=force_generic_plan";
        }
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) settings.NoResetOnClose = true;
        return settings.ConnectionString;
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
        app.UseDataVersionedCaching();
        app.MapStaticAssets();
        app.MapHealth();
        AccountEndpoints.Map(app);
        ImportEndpoint.Map(app);
        IndicatorEndpoints.Map(app);
        ImportDownloads.Map(app);
        DatasetDownloads.Map(app);
        SendDashboard.Features.Evidence.EvidenceDownloads.Map(app);
        SendDashboard.Features.Meetings.MeetingDownloads.Map(app);
        SendDashboard.Features.Meetings.MeetingLinks.Map(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    /// <summary>The roles, and on the demo database (<see cref="DemoMode"/>) the demo account of each role; elsewhere no account.</summary>
    public static async Task SeedAccounts(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await DemoUsers.EnsureRolesAsync(scope.ServiceProvider);
        if (services.GetRequiredService<DemoMode>().IsOn)
            await DemoUsers.EnsureAsync(scope.ServiceProvider, services.GetRequiredService<DemoMode>(), services.GetRequiredService<TimeProvider>());
    }

    /// <summary>
    /// Applies the migrations under the migrations advisory lock (<see cref="AdvisoryLocks.Migrations"/>): instances
    /// starting together migrate once; the others wait, then find nothing pending.
    /// </summary>
    public static Task Migrate(IServiceProvider services) => UnderMigrationLock(services, db => MigrateLocked(db));

    private static async Task UnderMigrationLock(IServiceProvider services, Func<SendDbContext, Task> work)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync();
        var waited = await AdvisoryLocks.WithSessionLockAsync(db.Database.GetConnectionString()!, AdvisoryLocks.Migrations, () => work(db));
        if (waited > TimeSpan.FromMilliseconds(100))
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AppHost)).LogInformation(
                "Waited {Ms} ms for another instance to finish migrating", (long)waited.TotalMilliseconds);
    }

    private static async Task MigrateLocked(SendDbContext db)
    {
        // Migrations only move forward from Initial; a database that records migrations this build does not have
        // was made by another build, and applying ours on top of it would fail halfway.
        var foreign = (await db.Database.GetAppliedMigrationsAsync()).Except(db.Database.GetMigrations()).ToList();
        if (foreign.Count > 0)
            throw new SetupException(
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
