using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Refit;
using Venvid.Contracts;

namespace Venvid.MediaWorker.Api;

public sealed class WorkerApiOptions
{
    /// <summary>Service-discovery address of the API: the AppHost's <c>WithReference(api)</c> resolves <c>api</c>.</summary>
    public string BaseAddress { get; set; } = "https+http://api";

    /// <summary>The shared service credential for the internal job endpoints (a secret parameter in the AppHost).</summary>
    public string ServiceKey { get; set; } = "";
}

public static class WorkerApiExtensions
{
    public static IHostApplicationBuilder AddWorkerApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerApiOptions>()
            .BindConfiguration("Venvid:Worker")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceKey), "Venvid:Worker:ServiceKey (the API service credential) is required.")
            .ValidateOnStart();

        builder.Services.AddTransient<ServiceKeyHandler>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is the supported way to replace the defaults' handler for one client.
        builder.Services.AddRefitGeneratedClient<IWorkerApi>()
            .ConfigureHttpClient((sp, http) =>
            {
                http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<WorkerApiOptions>>().Value.BaseAddress);
                http.Timeout = TimeSpan.FromSeconds(120);
            })
            .AddHttpMessageHandler<ServiceKeyHandler>()
            // Claims long-poll (up to ~25 s): the service defaults' 10 s attempt timeout would cut every poll short,
            // and their options are shared by all clients, so this client gets its own standard handler.
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options =>
            {
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(45);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(100);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(100);
            });
#pragma warning restore EXTEXP0001

        builder.Services.AddHealthChecks().AddCheck<WorkerApiHealthCheck>("api", tags: ["ready"]);
        return builder;
    }
}

internal sealed class ServiceKeyHandler(IOptions<WorkerApiOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(WorkerAuth.HeaderName);
        request.Headers.Add(WorkerAuth.HeaderName, options.Value.ServiceKey);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Healthy when the API, found through service discovery, answers the worker's authenticated ping.</summary>
internal sealed class WorkerApiHealthCheck(IWorkerApi api) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var ping = await api.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"API '{ping.Service}' reachable.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The API is unreachable.", e);
        }
    }
}
