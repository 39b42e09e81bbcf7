using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Venvid.Contracts;

namespace Venvid.ApiService.Jobs;

public sealed class InternalApiOptions
{
    /// <summary>Credential media workers present in <see cref="WorkerAuth.HeaderName"/>; a secret parameter in the AppHost.</summary>
    public string ServiceKey { get; set; } = "";
}

/// <summary>Guards the internal worker endpoints: a constant-time comparison of the service credential.</summary>
public sealed class ServiceKeyFilter(IOptions<InternalApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ServiceKey;
        var presented = context.HttpContext.Request.Headers[WorkerAuth.HeaderName].ToString();
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid service credential is required.");
        }

        return await next(context);
    }
}
