using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;

namespace Venvid.ApiService.Infrastructure;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) is the API's public contract: who may call what, every answer
/// including the errors, and the limits of every field. Spectral (OpenAPI + OWASP rules) lints it in the test command,
/// and the web app's types are generated from it.
/// </summary>
public static class OpenApiContract
{
    public static IServiceCollection AddOpenApiContract(this IServiceCollection services)
    {
        // Numbers are numbers: no "42" for 42, in requests or in the document's schemas.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Venvid API",
                    Version = "v1",
                    Description = "Videos, channels, playlists, comments, captions, search and uploads. Errors are problem details "
                        + "(RFC 9457) with a stable type per kind; lists page with opaque cursors; public answers are cacheable "
                        + "(Cache-Control, ETag) and vary on Authorization. No string sent — parameter, JSON value or property "
                        + "name, form field — may hold a control character other than tab, line feed or carriage return (400).",
                    Contact = new OpenApiContact { Name = "Venvid engineering", Url = new Uri("https://venvid.dev/developers") },
                };
                document.Servers =
                [
                    new OpenApiServer
                    {
                        Url = "/",
                        Description = "Production, staging and local alike: the web origin, which forwards /api to the caller's region.",
                        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(JsonValue.Create(false)) },
                    },
                ];
                return Task.CompletedTask;
            });
            // Answers write every field (null when empty): each property of a record the API sends is required.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                var type = context.JsonTypeInfo.Type;
                if (context.JsonPropertyInfo is null && schema.Properties is { Count: > 0 } properties
                    && type.Assembly == typeof(Venvid.Contracts.VideoDto).Assembly && !type.Name.EndsWith("Request", StringComparison.Ordinal))
                {
                    schema.Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal);
                }

                return Task.CompletedTask;
            });
            options.AddBearerSecurity();
            options.AddProblemResponses();
            options.AddLimits();
            options.AddExamples();
        });
        return services;
    }
}
