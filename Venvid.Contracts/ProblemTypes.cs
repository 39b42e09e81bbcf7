namespace Venvid.Contracts;

/// <summary>
/// The <c>type</c> of every problem details answer, from the API and from the edge alike: one stable URI per kind of
/// error, so clients can switch on it.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://venvid.dev/problems/";

    /// <summary>The type of a problem of this kind (<c>invalid-caption</c>, <c>quota-exceeded</c>, …).</summary>
    public static string Of(string kind) => Base + kind;

    /// <summary>The type of a problem that has no more specific kind than its status.</summary>
    public static string ForStatus(int status) => Of(status switch
    {
        400 => "validation",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        409 => "conflict",
        413 => "too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable",
        429 => "rate-limited",
        503 => "unavailable",
        _ => "error",
    });
}
