using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Venvid.AppHost.Infrastructure;

namespace Venvid.AppHost.Regions;

public static class LocalPostgresReplicaExtensions
{
    /// <summary>
    /// A hot-standby streaming replica of <paramref name="primary"/>, from the machine's own binaries: on first start
    /// <c>pg_basebackup -R</c> copies the primary into <c>{state}/{name}/data</c>; every start points
    /// <c>primary_conninfo</c> at the primary's current port (ports are allocated per run). It shares the primary's
    /// password, as a physical copy does. Local only: replication connects as the superuser over loopback, which the
    /// default <c>pg_hba.conf</c> of <c>initdb</c> allows (<c>host replication all 127.0.0.1/32</c>).
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgresReplica(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<LocalPostgresResource> primary, string stateDirectory)
    {
        var binaries = PostgresBinaries.Find(builder.Configuration["Venvid:Postgres:BinDirectory"]);
        var baseBackup = Path.Combine(Path.GetDirectoryName(binaries.Postgres)!, "pg_basebackup");
        var home = PostgresHome.Prepare(Path.Combine(stateDirectory, name));
        var passFile = Path.Combine(home.SocketDirectory, "pgpass");
        var runAs = RunAs.PostgresUserIfRoot();

        // The copy is the process's own first step, so it runs after WaitFor (a BeforeResourceStarted handler would
        // block the whole start-up waiting for the primary). Arguments: primary port, own port, then -c settings.
        const string Script =
            """
            set -e
            primary_port=$1; port=$2; shift 2
            conninfo="host=127.0.0.1 port=$primary_port user=postgres passfile=$PASSFILE"
            tries=0
            until [ -f "$DATA/PG_VERSION" ]; do
              "$BASEBACKUP" -d "$conninfo" -D "$DATA" -R -X stream --checkpoint=fast --no-password && break
              tries=$((tries + 1)); [ "$tries" -lt 30 ] || exit 1; sleep 1
            done
            exec "$POSTGRES" -D "$DATA" -p "$port" -c "primary_conninfo=$conninfo application_name=$NAME" "$@"
            """;

        var resource = new LocalPostgresResource(name, runAs.Command("/bin/sh"), home.Root, primary.Resource.Password);
        var server = builder.AddResource(resource)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp")
            .WithEnvironment("DATA", home.DataDirectory)
            .WithEnvironment("PASSFILE", passFile)
            .WithEnvironment("BASEBACKUP", baseBackup)
            .WithEnvironment("POSTGRES", binaries.Postgres)
            .WithEnvironment("NAME", name)
            .WithArgs(context =>
            {
                context.Args.AddAll(runAs.Prefix("/bin/sh"));
                context.Args.AddAll(["-c", Script, "replica"]);
                context.Args.Add(primary.Resource.Endpoint.Property(EndpointProperty.Port));
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var setting in LocalPostgresExtensions.ServerSettings(home))
                {
                    context.Args.AddAll(["-c", setting]);
                }
            })
            .WaitFor(primary)
            .WithIconName("DatabaseArrowRight");

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (@event, ct) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await home.PrepareReplicaAsync(runAs, resource.Password, passFile, logger, ct);
        });

        return server;
    }
}
