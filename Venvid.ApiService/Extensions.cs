using Venvid.ApiService.Uploads;
using Microsoft.Extensions.Caching.Hybrid;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Jobs;
using Venvid.ApiService.Storage;
using Venvid.ApiService.Videos;
using Venvid.Contracts.Storage;

namespace Venvid.ApiService;

public static class Extensions
{
    public const string RedisConnectionName = "redis";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddVenvidDatabase();
        builder.Services.AddOptions<SchemaOptions>().BindConfiguration(SchemaOptions.Section);
        builder.AddRedisClient(RedisConnectionName, configureOptions: options =>
        {
            // Redis is a cache and a counter store, never the source of truth: start without it and reconnect in the background.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            // While disconnected, fail commands at once (callers fall back to Postgres) instead of queueing them.
            options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
            // Complete Redis replies on the shared thread pool rather than the client's own dedicated threads, which
            // on a small machine compete for the same cores (seen in a dotnet-trace profile under load; bench/README.md).
            options.SocketManager = StackExchange.Redis.SocketManager.ThreadPool;
        });
        builder.AddMediaStorage();
        builder.AddVenvidAuth();
        builder.AddJobQueue();
        builder.AddUploads();
        builder.Services.AddSingleton<Venvid.ApiService.Media.MediaGrants>();
        builder.AddVenvidCaching();
        builder.AddVideoCatalogue();

        builder.Services.AddOptions<InternalApiOptions>()
            .BindConfiguration("Venvid:Worker")
            .Validate(o => o.ServiceKey.Length >= 32, "Venvid:Worker:ServiceKey must be at least 32 characters.")
            .ValidateOnStart();

        // JSON bodies are small; only the streaming upload endpoint raises its own limit.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Services.AddVenvidProblemDetails();
        builder.Services.AddOpenApiContract();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHybridCache(options => options.DefaultEntryOptions = new HybridCacheEntryOptions
        {
            Expiration = TimeSpan.FromMinutes(5),
            LocalCacheExpiration = TimeSpan.FromSeconds(30),
        });
        return builder;
    }
}
