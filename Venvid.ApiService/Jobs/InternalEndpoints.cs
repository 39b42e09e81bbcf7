using Venvid.Contracts;

namespace Venvid.ApiService.Jobs;

public static class InternalEndpoints
{
    public static IEndpointRouteBuilder MapInternalEndpoints(this IEndpointRouteBuilder app)
    {
        var internalApi = app.MapGroup("/internal")
            .AddEndpointFilter<ServiceKeyFilter>()
            .ExcludeFromDescription();

        internalApi.MapGet("/worker/ping", (TimeProvider time) => TypedResults.Ok(new WorkerPing("api", time.GetUtcNow())));
        return app;
    }
}
