using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Venvid.ApiService.Data;
using Venvid.ApiService.Users;
using Venvid.Contracts;

namespace Venvid.ApiService.Auth;

public static partial class AuthEndpoints
{
    public const int MaxEmailLength = 254;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    public const int MaxUsernameLength = 30;
    public const int MaxRefreshTokenLength = 256;
    public const string UsernameRule = @"^[a-zA-Z0-9_.\-]{3,30}$";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous();
        auth.MapPost("/register", Register).WithName("Register")
            .WithSummary("Create an account")
            .WithDescription("Creates an account (then sign in with Login). Email and username are unique regardless of case (409 when taken); sign-ups are rate-limited per address.")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireSharedRateLimit(AuthRateLimits.RegisterPolicy);
        auth.MapPost("/login", Login).WithName("Login")
            .WithSummary("Sign in")
            .WithDescription("Signs in with an email or username and the password; answers an access token (short-lived JWT) and a refresh token. Repeated failures are slowed per account and address (429 with Retry-After).")
            .ProducesProblem(StatusCodes.Status401Unauthorized).RequireSharedRateLimit(AuthRateLimits.LoginPolicy);
        auth.MapPost("/refresh", Refresh).WithName("Refresh")
            .WithSummary("Renew the tokens")
            .WithDescription("Trades a refresh token for a new access token and a new refresh token; the old refresh token stops working (rotation). An unknown, expired or reused token answers 401.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", Logout).WithName("Logout")
            .WithSummary("Sign out")
            .WithDescription("Revokes the refresh token, so it can no longer renew the session. Answers 204 whether or not the token was still valid.");
        return app;
    }

    public static async Task<Results<Created<UserDto>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> Register(
        RegisterRequest request,
        HttpContext http,
        FailedLoginThrottle throttle,
        VenvidDbContext db,
        PasswordHasher hasher,
        TimeProvider time,
        ILogger<PasswordHasher> logger,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var email = request.Email?.Trim() ?? "";
        var username = request.Username?.Trim() ?? "";
        var password = request.Password ?? "";
        if (email.Length is 0 or > MaxEmailLength || !EmailPattern().IsMatch(email))
        {
            errors["email"] = ["A valid email address is required."];
        }

        if (!UsernamePattern().IsMatch(username))
        {
            errors["username"] = ["Username must be 3–30 characters of letters, digits, '_', '.' or '-'."];
        }

        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            errors["password"] = [$"Password must be {MinPasswordLength}–{MaxPasswordLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var emailNormalized = email.ToLowerInvariant();
        var usernameNormalized = username.ToLowerInvariant();
        // Per account (and address): repeated conflicts on one email are account enumeration, not sign-ups.
        var client = AuthRateLimits.ClientAddress(http);
        var account = "register:" + emailNormalized;
        if (await throttle.RetryAfterAsync(account, client) is { } retryAfter)
        {
            await AuthRateLimits.WriteTooManyRequestsAsync(http, retryAfter);
            return TypedResults.Empty;
        }

        if (await db.Users.AnyAsync(u => u.EmailNormalized == emailNormalized || u.UsernameNormalized == usernameNormalized, ct))
        {
            await throttle.RecordFailureAsync(account, client);
            return Conflict();
        }

        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = email,
            EmailNormalized = emailNormalized,
            Username = username,
            UsernameNormalized = usernameNormalized,
            PasswordHash = await hasher.HashAsync(password, ct),
            CreatedAt = time.GetUtcNow(),
        };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Lost a race with a concurrent registration of the same email or username.
            return Conflict();
        }

        logger.LogInformation("User {UserId} registered as {Username}", user.Id, user.Username);
        return TypedResults.Created("/api/users/me", user.ToDto());
    }

    /// <summary>
    /// Three throttles stand before the password check: logins per address (endpoint metadata), failures per (account,
    /// address) and the account's lockout after failures from anywhere. A browser the account signed in from before
    /// (<see cref="KnownDevices"/>) skips the last two and is held to failures per (account, device) instead.
    /// </summary>
    public static async Task<Results<Ok<Tokens>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> Login(
        LoginRequest request,
        HttpContext http,
        VenvidDbContext db,
        PasswordHasher hasher,
        TokenService tokens,
        SignInGuard guard,
        CancellationToken ct)
    {
        var login = request.Login?.Trim() ?? "";
        var password = request.Password ?? "";
        if (login.Length is 0 or > MaxEmailLength || password.Length is 0 or > MaxPasswordLength)
        {
            var errors = new Dictionary<string, string[]>();
            if (login.Length is 0 or > MaxEmailLength)
            {
                errors["login"] = ["Email or username is required."];
            }

            if (password.Length is 0 or > MaxPasswordLength)
            {
                errors["password"] = [$"Password is required (at most {MaxPasswordLength} characters)."];
            }

            return TypedResults.ValidationProblem(errors);
        }

        var normalized = login.ToLowerInvariant();
        var user = await db.Users.AsNoTracking()
            .SingleOrDefaultAsync(u => u.EmailNormalized == normalized || u.UsernameNormalized == normalized, ct);
        var attempt = guard.Begin(http, normalized, user?.Id);
        if (await attempt.RefusedForAsync() is { } retryAfter)
        {
            await AuthRateLimits.WriteTooManyRequestsAsync(http, retryAfter);
            return TypedResults.Empty;
        }

        // Unknown accounts cost the same hash as known ones: the answer and its timing don't reveal which accounts exist.
        var valid = user is null
            ? await hasher.VerifyDummyAsync(password, ct)
            : await hasher.VerifyAsync(password, user.PasswordHash, ct);

        if (!valid || user is null)
        {
            await attempt.FailedAsync();
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid login or password.");
        }

        attempt.Succeeded(user.Id);
        return TypedResults.Ok(await tokens.IssueAsync(user, Guid.CreateVersion7(), ct));
    }

    public static async Task<Results<Ok<Tokens>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest request,
        TokenService tokens,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > MaxRefreshTokenLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["A refresh token is required."] });
        }

        var issued = await tokens.RotateAsync(request.RefreshToken, ct);
        return issued is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The refresh token is invalid, expired or revoked.")
            : TypedResults.Ok(issued);
    }

    public static async Task<Results<NoContent, ValidationProblem>> Logout(
        RefreshRequest request,
        TokenService tokens,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > MaxRefreshTokenLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["A refresh token is required."] });
        }

        await tokens.RevokeAsync(request.RefreshToken, ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Conflict() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "That email or username is already taken.");

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(UsernameRule)]
    private static partial Regex UsernamePattern();
}
