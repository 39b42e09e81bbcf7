using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Venvid.Contracts;

namespace Venvid.ApiService.Infrastructure;

/// <summary>
/// Every operation lists the errors it can answer, each as problem details (RFC 9457): the ones an endpoint declares
/// (<c>ProducesProblem</c>), 400 where it reads parameters or a body, 404 where its path names a resource, and the
/// ones any call can meet — 429 (rate limits), 500 and 503 (a dependency is down). Every 2xx and 4xx answer through
/// the web origin carries the edge's <c>X-RateLimit-Limit</c>, and every answer to another origin its CORS header.
/// </summary>
public static class OpenApiProblems
{
    public const string ProblemSchema = "ProblemDetails";
    public const string ValidationSchema = "HttpValidationProblemDetails";
    public const string RateLimitHeader = Venvid.Contracts.EdgeHeaders.RateLimitLimit;
    public const string CorsHeader = "Access-Control-Allow-Origin";

    private const string ProblemMediaType = "application/problem+json";

    private static readonly Dictionary<int, string> Meanings = new()
    {
        [400] = "The request is malformed or has invalid fields (errors names each field).",
        [401] = "No valid access token, or wrong credentials.",
        [403] = "Signed in, but not allowed to change this resource.",
        [404] = "The resource does not exist or is not visible to the caller.",
        [409] = "The request conflicts with the resource's current state (detail says how).",
        [413] = "The body, the file or the caller's storage quota is too large for this request.",
        [415] = "The body's media type is not accepted here.",
        [422] = "The body is well-formed but cannot be used (detail names the line).",
        [429] = "Too many requests from this client; retry after Retry-After seconds.",
        [500] = "An unexpected error; the answer carries a traceId and no internals.",
        [503] = "A dependency (database, storage) is unavailable; retry after Retry-After seconds.",
    };

    private static readonly int[] AnyCall = [429, 500, 503];

    public static OpenApiOptions AddProblemResponses(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[ProblemSchema] = Problem(withErrors: false);
            document.Components.Schemas[ValidationSchema] = Problem(withErrors: true);
            document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
            document.Components.Headers[RateLimitHeader] = new OpenApiHeader
            {
                Description = "Requests a client may send in a burst; the edge refills them every second and answers 429 beyond.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "100000" },
            };
            document.Components.Headers[CorsHeader] = new OpenApiHeader
            {
                Description = "\"*\" on answers to other origins: any site may call the API with a bearer token, never with cookies.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("*")!], MaxLength = 1 },
            };
            document.Components.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before trying again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "86400" },
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= [];
            var description = context.Description;
            var statuses = new SortedSet<int>(AnyCall);
            if (description.ParameterDescriptions.Count > 0 || operation.RequestBody is not null)
            {
                statuses.Add(400);
            }

            if (description.RelativePath?.Contains('{') == true)
            {
                statuses.Add(404);
            }

            foreach (var (code, _) in operation.Responses)
            {
                if (int.TryParse(code, out var status) && status >= 400)
                {
                    statuses.Add(status);
                }
            }

            foreach (var status in statuses)
            {
                var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var response = operation.Responses.TryGetValue(key, out var existing) && existing is OpenApiResponse concrete
                    ? concrete
                    : new OpenApiResponse();
                response.Description = Meanings.GetValueOrDefault(status, response.Description ?? "An error (problem details).");
                response.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(status == 400 ? ValidationSchema : ProblemSchema, context.Document) },
                };
                if (status is 429 or 503)
                {
                    response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    response.Headers["Retry-After"] = new OpenApiHeaderReference("Retry-After", context.Document);
                }

                operation.Responses[key] = response;
            }

            foreach (var (code, response) in operation.Responses)
            {
                if (response is OpenApiResponse concrete)
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    concrete.Headers[CorsHeader] = new OpenApiHeaderReference(CorsHeader, context.Document);
                    if (code.StartsWith('2') || code.StartsWith('4'))
                    {
                        concrete.Headers[RateLimitHeader] = new OpenApiHeaderReference(RateLimitHeader, context.Document);
                    }
                }
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static OpenApiSchema Problem(bool withErrors)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = withErrors ? "Problem details whose errors name each invalid field." : "Problem details (RFC 9457).",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, Format = "uri", MaxLength = 200,
                    Description = "Stable per kind of error: " + ProblemTypes.Of("{kind}") + ".",
                },
                ["title"] = OpenApiLimits.FreeTextSchema(500, "What went wrong, for people."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" },
                ["detail"] = OpenApiLimits.FreeTextSchema(4000, "This occurrence, for people."),
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", MaxLength = 2048 },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9A-Za-z:|._-]+$", MaxLength = 128, Description = "Quote it when reporting the error." },
            },
            Required = new HashSet<string> { "type", "title", "status" },
            Examples =
            [
                new JsonObject
                {
                ["type"] = ProblemTypes.ForStatus(StatusCodes.Status404NotFound),
                ["title"] = "The video does not exist.",
                ["status"] = 404,
                ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                },
            ],
        };
        if (withErrors)
        {
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Field name → what is wrong with it.",
                MaxProperties = 50,
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    MaxItems = 10,
                    Items = OpenApiLimits.FreeTextSchema(500),
                },
            };
            schema.Examples =
            [
                new JsonObject
                {
                    ["type"] = ProblemTypes.ForStatus(StatusCodes.Status400BadRequest),
                    ["title"] = "The request has invalid fields.",
                    ["status"] = 400,
                    ["errors"] = new JsonObject { ["title"] = new JsonArray("A title of 1–100 characters is required.") },
                },
            ];
        }

        return schema;
    }
}
