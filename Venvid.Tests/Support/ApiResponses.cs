using Refit;

namespace Venvid.Tests.Support;

public static class ApiResponses
{
    /// <summary>The body of an error response (problem details JSON), or null.</summary>
    public static string? ErrorContent(this IApiResponse response) => (response.Error as ApiException)?.Content;
}
