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

        var resource = new LocalPostgresResource(name, runAs.Command(binaries.Postgres), home.Root, primary.Resource.Password);
        var primaryPort = primary.Resource.Endpoint.Property(EndpointProperty.Port);
        var server = builder.AddResource(resource)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.AddAll(runAs.Prefix(binaries.Postgres));
                context.Args.AddAll(["-D", home.DataDirectory, "-p"]);
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var setting in LocalPostgresExtensions.ServerSettings(home))
                {
                    context.Args.AddAll(["-c", setting]);
                }

                context.Args.Add("-c");
                context.Args.Add(ReferenceExpression.Create(
                    $"primary_conninfo=host=127.0.0.1 port={primaryPort} user={LocalPostgresResource.UserName} passfile={passFile} application_name={name}"));
            })
            .WaitFor(primary)
            .WithIconName("DatabaseArrowRight");

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (@event, ct) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await home.PrepareReplicaAsync(runAs, resource.Password, passFile, logger, ct);
            if (File.Exists(Path.Combine(home.DataDirectory, "PG_VERSION")))
            {
                return;
            }

            var port = await primaryPort.GetValueAsync(ct);
            logger.LogInformation("Copying the primary (port {Port}) into {DataDirectory} with pg_basebackup", port, home.DataDirectory);
            await ProcessRunner.RunAsync(logger, runAs.Command(baseBackup),
                [.. runAs.Prefix(baseBackup), "-d", $"host=127.0.0.1 port={port} user={LocalPostgresResource.UserName} passfile={passFile}",
                 "-D", home.DataDirectory, "-R", "-X", "stream", "--checkpoint=fast", "--no-password"],
                null, ct);
        });

        return server;
    }
}
