using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Venvid.ApiService.Auth;

public static class CurrentUser
{
    /// <summary>The signed-in user's id from the access token's <c>sub</c> claim, or null for anonymous callers.</summary>
    public static Guid? GetUserId(this ClaimsPrincipal principal)
    {
        var subject = principal.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return Guid.TryParse(subject, out var id) ? id : null;
    }
}
