using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;
using Venvid.ApiService.Data.Replicas;

namespace Venvid.ApiService.Data;

public static class DatabaseExtensions
{
    public const string ConnectionName = "venvid";

    /// <summary>Arbitrary but fixed: every API replica takes this advisory lock so exactly one applies migrations.</summary>
    private const long MigrationLockKey = 0x5645_4E56_4944; // "VENVID"

    public static IHostApplicationBuilder AddVenvidDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<VenvidDbContext>(ConnectionName,
            // Writes use explicit transactions (upload completion + job, likes + counts), which a retrying execution
            // strategy would have to replay as a unit; a database outage instead answers 503 with Retry-After.
            configureSettings: settings => settings.DisableRetry = true,
            configureDbContextOptions: options =>
            options.UseSnakeCaseNamingConvention().AddInterceptors(DbCommandCounter.Instance));

        // Reads: [FromKeyedServices(ReadRouting.Key)] VenvidDbContext is the region's replica when it can serve the
        // request, the primary otherwise (and always, when this region has no replica).
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ReadRouting>();
        builder.Services.AddKeyedScoped<VenvidDbContext>(ReadRouting.Key, (services, _) => services.GetRequiredService<ReadRouting>().Context);
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(ReplicaOptions.ConnectionName)))
        {
            builder.AddNpgsqlDbContext<ReplicaDbContext>(ReplicaOptions.ConnectionName,
                configureSettings: settings =>
                {
                    settings.DisableRetry = true;
                    // A replica that is down sends reads to the primary; it must not make this API instance unhealthy.
                    settings.DisableHealthChecks = true;
                },
                configureDbContextOptions: options => options
                    .UseSnakeCaseNamingConvention()
                    .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                    .AddInterceptors(DbCommandCounter.Instance));
            builder.Services.AddOptions<ReplicaOptions>().BindConfiguration(ReplicaOptions.Section);
            builder.Services.AddSingleton<ReplicaMonitor>();
            builder.Services.AddHostedService(services => services.GetRequiredService<ReplicaMonitor>());
        }

        return builder;
    }

    /// <summary>
    /// The API is the only owner of the schema: it migrates at start-up under a Postgres advisory lock,
    /// so concurrently starting replicas wait for the first instead of racing it.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VenvidDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Venvid.Migrations");

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
            {
                command.Parameters.AddWithValue("key", MigrationLockKey);
                await command.ExecuteNonQueryAsync(ct);
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(ct);
            }

            await using (var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection))
            {
                command.Parameters.AddWithValue("key", MigrationLockKey);
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// Who changes the schema. Locally (run mode, tests) each API applies pending migrations at start under the advisory
/// lock. Deployed, a Job runs <c>Venvid.ApiService migrate</c> before the rollout (<see cref="MigrateOnStart"/> false):
/// a pod then only checks that the schema is the one its code expects, so a long migration never races probes or
/// other replicas.
/// </summary>
public sealed class SchemaOptions
{
    public const string Section = "Venvid:Database";

    public bool MigrateOnStart { get; set; } = true;
}

public static class SchemaStartup
{
    public const string MigrateCommand = "migrate";

    /// <summary>Migrates (the <c>migrate</c> command, or <see cref="SchemaOptions.MigrateOnStart"/>), or refuses to start on a schema behind the code.</summary>
    public static async Task PrepareSchemaAsync(this IServiceProvider services, bool migrate, CancellationToken ct)
    {
        if (migrate || services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SchemaOptions>>().Value.MigrateOnStart)
        {
            await services.MigrateDatabaseAsync(ct);
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VenvidDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database schema is behind this build ({pending.Count} migration(s) pending: {string.Join(", ", pending)}). " +
                $"Run the migration Job (`Venvid.ApiService {MigrateCommand}`) before rolling out the API.");
        }
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<VenvidDbContext>
{
    public VenvidDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<VenvidDbContext>()
            .UseNpgsql("Host=localhost;Database=venvid")
            .UseSnakeCaseNamingConvention()
            .Options);
}
