using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Venvid.AppHost.Infrastructure;

/// <summary>A <c>redis-server</c> from the machine's packages, run as an Aspire executable.</summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

public static class LocalRedisExtensions
{
    /// <summary>Redis on loopback with an append-only file under <c>{state}/{name}</c>, so counters survive a restart.</summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, string stateDirectory)
    {
        var command = builder.Configuration["Venvid:Redis:Command"] ?? "redis-server";
        var dataDirectory = Path.Combine(stateDirectory, name);
        Directory.CreateDirectory(dataDirectory);

        var resource = new LocalRedisResource(name, command, dataDirectory);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, ct) =>
            connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct));
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"The '{name}' connection string is not available yet."),
            name: healthCheckKey);

        return builder.AddResource(resource)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.AddAll(["--bind", "127.0.0.1", "--port"]);
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.AddAll([
                    "--dir", dataDirectory,
                    "--appendonly", "yes",
                    "--appendfsync", "everysec",
                    "--save", "",
                    "--daemonize", "no",
                    "--loglevel", "warning",
                ]);
            })
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Memory");
    }
}
