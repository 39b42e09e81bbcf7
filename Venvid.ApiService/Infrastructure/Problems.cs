using Microsoft.AspNetCore.Http.HttpResults;
using Venvid.Contracts;

namespace Venvid.ApiService.Infrastructure;

/// <summary>The problem details the API answers with, each with its stable <c>type</c>.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "not-found", $"The {what} does not exist.");

    public static ProblemHttpResult Forbidden(string title) =>
        Problem(StatusCodes.Status403Forbidden, "forbidden", title);

    public static ProblemHttpResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, "conflict", "The request conflicts with the current state.", detail);

    public static ProblemHttpResult TooLarge(string detail) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "too-large", "The upload is too large.", detail);

    public static ProblemHttpResult QuotaExceeded(long usedBytes, long requestedBytes, long quotaBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "quota-exceeded", "The upload would exceed your storage quota.",
            $"You use {usedBytes} of {quotaBytes} bytes; this upload needs {requestedBytes} more.");

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type.", detail);

    public static ProblemHttpResult Problem(int status, string type, string title, string? detail = null) =>
        TypedResults.Problem(statusCode: status, type: ProblemTypes.Of(type), title: title, detail: detail);
}

/// <summary>Field → messages, collected and returned as one 400 validation problem.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public ValidationProblem ToResult() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        type: ProblemTypes.ForStatus(StatusCodes.Status400BadRequest),
        title: "The request has invalid fields.");
}
