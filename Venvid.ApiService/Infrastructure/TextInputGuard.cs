using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Venvid.Contracts;

namespace Venvid.ApiService.Infrastructure;

/// <summary>
/// Holds every request to <see cref="TextRules"/> before an endpoint sees it: each query parameter and each string of a
/// JSON body (property names too). A violation is a 400 naming the parameter or property, never a database error and
/// never text that is stored and breaks whoever shows it later. Multipart fields are held to it where they are read
/// (<see cref="Check"/>, the simple upload); anything malformed is left to model binding, which says so itself.
/// </summary>
public static class TextInputGuard
{
    public static IApplicationBuilder UseTextInputGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var errors = Scan(request.Query);
        if (errors is null && request.HasJsonContentType() && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true })
        {
            // The body is read twice (here and by binding), within the server's 1 MiB request limit.
            request.EnableBuffering();
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted);
            request.Body.Position = 0;
            errors = Scan(body.GetBuffer().AsSpan(0, (int)body.Length));
        }

        if (errors is null)
        {
            await next(context);
            return;
        }

        await errors.Result.ToResult().ExecuteAsync(context);
    });

    /// <summary>
    /// The same rule for named values this guard cannot read itself (a multipart form's fields): the 400 to answer,
    /// or null when every name and value keeps to it.
    /// </summary>
    public static ValidationErrors? Check(IEnumerable<KeyValuePair<string, StringValues>> fields) => Scan(fields)?.Result;

    private static Violations? Scan(IEnumerable<KeyValuePair<string, StringValues>> fields)
    {
        Violations? errors = null;
        foreach (var (name, values) in fields)
        {
            if (!TextRules.IsAllowed(name) || !AllAllowed(values))
            {
                (errors ??= new()).Add(name);
            }
        }

        return errors;
    }

    private static bool AllAllowed(StringValues values)
    {
        foreach (var value in values)
        {
            if (!TextRules.IsAllowed(value))
            {
                return false;
            }
        }

        return true;
    }

    private static Violations? Scan(ReadOnlySpan<byte> json)
    {
        Violations? errors = null;
        var reader = new Utf8JsonReader(json);
        var field = "request";
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    field = reader.GetString()!;
                    if (!TextRules.IsAllowed(field))
                    {
                        (errors ??= new()).Add(field);
                    }
                }
                else if (reader.TokenType == JsonTokenType.String && !TextRules.IsAllowed(reader.GetString()))
                {
                    (errors ??= new()).Add(field);
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not Unicode: binding refuses the body with its own 400.
        }

        return errors;
    }

    /// <summary>The fields refused, each once; only created for a request that has one.</summary>
    private sealed class Violations
    {
        private readonly HashSet<string> _fields = new(StringComparer.Ordinal);

        public ValidationErrors Result { get; } = new();

        public void Add(string field)
        {
            // The name itself may be what holds the control character: never echo one back.
            field = TextRules.Printable(field);
            if (_fields.Add(field))
            {
                Result.Add(field, TextRules.Message);
            }
        }
    }
}
