using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Venvid.ApiService.Infrastructure;

/// <summary>
/// The OpenAPI document says how to call each operation: a bearer token required where the endpoint requires
/// authorization (and then 401 without one); optional elsewhere, where a token personalises the answer (likedByMe,
/// the uploader's own private videos); none at all for signing in.
/// </summary>
public static class OpenApiSecurity
{
    public const string Scheme = "bearer";

    public static OpenApiOptions AddBearerSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The access token from POST /api/auth/login (or /api/auth/refresh): a JWS signed with HS256, "
                    + "checked as RFC8725 advises — the algorithm is fixed (never taken from the token), issuer, audience and expiry are required.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] };
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                // An empty requirement: explicitly callable without credentials.
                operation.Security = [new OpenApiSecurityRequirement()];
                return Task.CompletedTask;
            }

            if (!metadata.OfType<IAuthorizeData>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement(), bearer];
                return Task.CompletedTask;
            }

            operation.Security = [bearer];
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse());
            return Task.CompletedTask;
        });
        return options;
    }
}
