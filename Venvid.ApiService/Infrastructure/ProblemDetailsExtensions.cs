using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Venvid.Contracts;

namespace Venvid.ApiService.Infrastructure;

public static class ProblemDetailsExtensions
{
    public static IServiceCollection AddVenvidProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = ProblemTypes.ForStatus(problem.Status ?? StatusCodes.Status500InternalServerError);
            }

            problem.Extensions.TryAdd("traceId", context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id
                ?? context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DependencyUnavailableExceptionHandler>();
        // Binding failures (malformed JSON, a non-numeric limit) become problem details in every environment.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}

/// <summary>Turns what a client sent wrong (malformed JSON, oversized bodies) into 400/413 problem details instead of 500.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var status = exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            System.Text.Json.JsonException => StatusCodes.Status400BadRequest,
            _ => 0,
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            // A 400 is a validation problem like any other: clients find the reason under errors.
            ProblemDetails = status == StatusCodes.Status400BadRequest
                ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["request"] = [exception.Message] })
                {
                    Status = status,
                    Title = "The request is malformed.",
                    Detail = exception.Message,
                }
                : new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = status,
                    Title = status == StatusCodes.Status413PayloadTooLarge ? "Request body too large." : "The request is malformed.",
                    Detail = exception.Message,
                },
        });
    }
}

/// <summary>
/// A dependency the request needs is down (Postgres unreachable, storage failing): 503 with Retry-After, so clients
/// back off and retry instead of seeing a 500. Transactions roll back with the failed connection: nothing is half-written.
/// </summary>
internal sealed class DependencyUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<DependencyUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var dependency = DependencyFailures.Dependency(exception);
        if (dependency is null || httpContext.RequestAborted.IsCancellationRequested)
        {
            return false;
        }

        logger.LogWarning(exception, "{Dependency} is unavailable; answering 503", dependency);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemTypes.ForStatus(StatusCodes.Status503ServiceUnavailable),
                Title = "A service Venvid depends on is unavailable. Try again shortly.",
            },
        });
    }
}
