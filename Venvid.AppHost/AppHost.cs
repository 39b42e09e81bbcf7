using Venvid.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: Postgres (database "venvid"), Redis, S3-compatible storage with the "media" bucket.
var infrastructure = VenvidInfrastructure.Add(builder);

// Secrets generated once and kept in the AppHost's user secrets; supplied by the deployment in production.
var jwtSigningKey = builder.AddParameter("jwt-signing-key", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true);
var workerServiceKey = builder.AddParameter("worker-service-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);

var api = builder.AddProject<Projects.Venvid_ApiService>("api")
    .WithReference(infrastructure.Database).WaitFor(infrastructure.Database)
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
    .WithReference(infrastructure.Storage).WaitFor(infrastructure.Storage)
    .WithEnvironment("Venvid__Auth__SigningKey", jwtSigningKey)
    .WithEnvironment("Venvid__Worker__ServiceKey", workerServiceKey)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Venvid_MediaWorker>("mediaworker")
    .WithReference(api).WaitFor(api)
    .WithReference(infrastructure.Storage).WaitFor(infrastructure.Storage)
    .WithEnvironment("Venvid__Worker__ServiceKey", workerServiceKey)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Venvid_Web>("web")
    .WithReference(api).WaitFor(api)
    .WithReference(infrastructure.Storage).WaitFor(infrastructure.Storage)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
