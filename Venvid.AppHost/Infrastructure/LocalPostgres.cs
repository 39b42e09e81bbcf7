using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Venvid.AppHost.Infrastructure;

/// <summary>A PostgreSQL server run from the machine's own binaries as an Aspire executable.</summary>
public sealed class LocalPostgresResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string UserName = "postgres";

    public ParameterResource Password { get; } = password;
    public EndpointReference Endpoint => new(this, EndpointName);
    public Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password}");
}

/// <summary>A database on a <see cref="LocalPostgresResource"/>; created by the server's first start.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

public static class LocalPostgresExtensions
{
    /// <summary>
    /// Postgres as an executable: <c>initdb</c> into <c>{state}/{name}/data</c> on first start, then <c>postgres</c>
    /// on an Aspire-allocated port. Postgres refuses to run as root, so a root AppHost runs it as the <c>postgres</c> user.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string stateDirectory)
    {
        var binaries = PostgresBinaries.Find(builder.Configuration["Venvid:Postgres:BinDirectory"]);
        var home = PostgresHome.Prepare(Path.Combine(stateDirectory, name));
        var password = builder.AddParameter($"{name}-password", home.ReadOrCreatePassword(), secret: true);
        var runAs = RunAs.PostgresUserIfRoot();

        var resource = new LocalPostgresResource(name, runAs.Command(binaries.Postgres), home.Root, password.Resource);
        var server = builder.AddResource(resource)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.AddAll(runAs.Prefix(binaries.Postgres));
                context.Args.Add("-D");
                context.Args.Add(home.DataDirectory);
                context.Args.Add("-p");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var setting in ServerSettings(home))
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithIconName("DatabaseMultiple");

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (@event, ct) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await home.InitializeAsync(binaries, runAs, resource.Password, resource.Databases.Values, logger, ct);
        });

        return server;
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases[name] = database.DatabaseName;

        string? connectionString = null;
        var builder = server.ApplicationBuilder;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, ct) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(ct));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString ?? throw new InvalidOperationException($"The '{name}' connection string is not available yet."),
            name: healthCheckKey);

        // Aspire mirrors a container parent's state onto its children, but not an executable's: do it here, so the
        // database shows (and health-checks) as Running exactly while its server does.
        builder.Eventing.Subscribe<InitializeResourceEvent>(database, (@event, ct) =>
        {
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = MirrorParentStateAsync(@event.Notifications, server.Resource, database, stopping);
            return Task.CompletedTask;
        });

        return builder.AddResource(database).WithHealthCheck(healthCheckKey);
    }

    private static async Task MirrorParentStateAsync(ResourceNotificationService notifications, IResource parent, IResource child, CancellationToken ct)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(ct))
            {
                if (update.Resource == parent)
                {
                    await notifications.PublishUpdateAsync(child, snapshot => snapshot with
                    {
                        State = update.Snapshot.State,
                        StartTimeStamp = update.Snapshot.StartTimeStamp,
                        StopTimeStamp = update.Snapshot.StopTimeStamp,
                    });
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    internal static IEnumerable<string> ServerSettings(PostgresHome home) =>
    [
        "listen_addresses=127.0.0.1",
        $"unix_socket_directories={home.SocketDirectory}",
        "max_connections=200",
        "shared_buffers=128MB",
        // Ready for a streaming replica (the region pair) without a restart.
        "wal_level=replica",
        "max_wal_senders=10",
        "hot_standby=on",
        "log_min_messages=warning",
        "log_connections=off",
    ];
}

internal sealed record PostgresBinaries(string Postgres, string InitDb)
{
    public static PostgresBinaries Find(string? configured)
    {
        IEnumerable<string> candidates = configured is { Length: > 0 }
            ? [configured]
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                    .Select(d => Path.Combine(d, "bin"))
                : [];

        foreach (var bin in candidates.Append("/usr/local/bin").Append("/usr/bin"))
        {
            var postgres = Path.Combine(bin, "postgres");
            var initdb = Path.Combine(bin, "initdb");
            if (File.Exists(postgres) && File.Exists(initdb))
            {
                return new PostgresBinaries(postgres, initdb);
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries were not found. Install them (Debian: apt-get install postgresql) or set Venvid:Postgres:BinDirectory.");
    }
}

/// <summary>Runs a command as the <c>postgres</c> user when the AppHost runs as root (setpriv execs, so signals reach Postgres itself).</summary>
internal sealed class RunAs
{
    private readonly bool _switchUser;

    private RunAs(bool switchUser) => _switchUser = switchUser;

    public const string User = "postgres";

    public static RunAs PostgresUserIfRoot() => new(OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess);

    public bool SwitchesUser => _switchUser;

    public string Command(string executable) => _switchUser ? "setpriv" : executable;

    public IEnumerable<string> Prefix(string executable) =>
        _switchUser ? ["--reuid=" + User, "--regid=" + User, "--init-groups", "--", executable] : [];
}

/// <summary>The server's folder: <c>data/</c> (the cluster), <c>run/</c> (socket) and <c>password</c> (root-only).</summary>
internal sealed class PostgresHome
{
    private PostgresHome(string root) => Root = root;

    public string Root { get; }
    public string DataDirectory => Path.Combine(Root, "data");
    public string SocketDirectory => Path.Combine(Root, "run");
    private string PasswordFile => Path.Combine(Root, "password");

    public static PostgresHome Prepare(string root)
    {
        Directory.CreateDirectory(root);
        return new PostgresHome(root);
    }

    public string ReadOrCreatePassword()
    {
        if (File.Exists(PasswordFile))
        {
            return File.ReadAllText(PasswordFile).Trim();
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(PasswordFile, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }

    /// <summary>A replica's folders and a libpq password file (0600, owned by the server's user) for replication.</summary>
    public async Task PrepareReplicaAsync(RunAs runAs, ParameterResource password, string passFile, ILogger logger, CancellationToken ct)
    {
        Directory.CreateDirectory(SocketDirectory);
        var passwordValue = await password.GetValueAsync(ct) ?? throw new InvalidOperationException("The Postgres password is unavailable.");
        await File.WriteAllTextAsync(passFile, $"127.0.0.1:*:*:{LocalPostgresResource.UserName}:{passwordValue}\n", ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (runAs.SwitchesUser)
        {
            await ProcessRunner.RunAsync(logger, "chown", [$"{RunAs.User}:{RunAs.User}", Root, SocketDirectory, passFile], null, ct);
        }
    }

    public async Task InitializeAsync(PostgresBinaries binaries, RunAs runAs, ParameterResource password, IEnumerable<string> databases, ILogger logger, CancellationToken ct)
    {
        Directory.CreateDirectory(SocketDirectory);
        if (runAs.SwitchesUser)
        {
            // The cluster and socket folders belong to the postgres user; the password file stays root's.
            await ProcessRunner.RunAsync(logger, "chown", [$"{RunAs.User}:{RunAs.User}", Root, SocketDirectory], null, ct);
            await ProcessRunner.RunAsync(logger, "setpriv", [.. runAs.Prefix("test"), "-w", Root], null, ct)
                .ConfigureAwait(false);
        }

        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        logger.LogInformation("Creating a new PostgreSQL cluster in {DataDirectory}", DataDirectory);
        var passwordValue = await password.GetValueAsync(ct) ?? throw new InvalidOperationException("The Postgres password is unavailable.");
        var pwFile = Path.Combine(SocketDirectory, ".initdb-password");
        await File.WriteAllTextAsync(pwFile, passwordValue, ct);
        try
        {
            if (runAs.SwitchesUser)
            {
                await ProcessRunner.RunAsync(logger, "chown", [$"{RunAs.User}:{RunAs.User}", pwFile], null, ct);
            }

            await ProcessRunner.RunAsync(logger, runAs.Command(binaries.InitDb),
                [.. runAs.Prefix(binaries.InitDb), "-D", DataDirectory, "-U", LocalPostgresResource.UserName, $"--pwfile={pwFile}",
                 "--auth-host=scram-sha-256", "--auth-local=peer", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"],
                null, ct);
        }
        finally
        {
            File.Delete(pwFile);
        }

        var createDatabases = string.Concat(databases.Select(db => $"CREATE DATABASE \"{db.Replace("\"", "\"\"", StringComparison.Ordinal)}\";\n"));
        if (createDatabases.Length > 0)
        {
            // Single-user mode creates the databases before the server ever listens.
            await ProcessRunner.RunAsync(logger, runAs.Command(binaries.Postgres),
                [.. runAs.Prefix(binaries.Postgres), "--single", "-D", DataDirectory, "-j", "postgres"],
                createDatabases, ct);
        }
    }
}
