using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Refit;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

[Collection(VenvidCollection.Name)]
public sealed class AuthTests(VenvidAppFixture fixture)
{
    private IVenvidApi ApiFrom(string address) => RestService.For<IVenvidApi>(fixture.CreateClientFrom(address));

    [Fact]
    public async Task Register_returns_201_with_the_public_user_fields()
    {
        var api = ApiFrom(TestAccounts.RandomClientAddress());
        var name = "reg_" + Guid.NewGuid().ToString("n")[..12];

        var response = await api.RegisterAsync(new RegisterRequest($"{name}@Example.test", name, "long enough password"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(name, response.Content!.Username);
        Assert.Equal($"{name}@Example.test", response.Content.Email);
        Assert.True(Guid.TryParse(response.Content.Id, out _));
    }

    [Fact]
    public async Task Register_rejects_invalid_fields_with_validation_errors()
    {
        var api = ApiFrom(TestAccounts.RandomClientAddress());

        var response = await api.RegisterAsync(new RegisterRequest("not-an-email", "a!", "short"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = response.Problem();
        Assert.Equal("https://venvid.dev/problems/validation", problem.Type);
        Assert.Contains("email", problem.Errors!.Keys);
        Assert.Contains("username", problem.Errors.Keys);
        Assert.Contains("password", problem.Errors.Keys);
    }

    [Fact]
    public async Task Register_with_a_taken_email_or_username_in_any_case_returns_409()
    {
        var taken = await fixture.SignUpAsync();
        var api = ApiFrom(TestAccounts.RandomClientAddress());

        var sameEmail = await api.RegisterAsync(new RegisterRequest(taken.User.Email.ToUpperInvariant(), "other_" + Guid.NewGuid().ToString("n")[..10], "long enough password"));
        var sameUsername = await api.RegisterAsync(new RegisterRequest($"x{Guid.NewGuid():n}@example.test", taken.User.Username.ToUpperInvariant(), "long enough password"));

        Assert.Equal(HttpStatusCode.Conflict, sameEmail.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameUsername.StatusCode);
        Assert.Equal("https://venvid.dev/problems/conflict", sameEmail.Problem().Type);
    }

    [Fact]
    public async Task Login_accepts_email_or_username_and_answers_401_alike_for_wrong_password_and_unknown_account()
    {
        var user = await fixture.SignUpAsync();
        var api = ApiFrom(TestAccounts.RandomClientAddress());

        var byEmail = await api.LoginAsync(new LoginRequest(user.User.Email, user.Password));
        var wrongPassword = await api.LoginAsync(new LoginRequest(user.User.Username, "wrong password!"));
        var unknown = await api.LoginAsync(new LoginRequest("nobody_" + Guid.NewGuid().ToString("n")[..8], "wrong password!"));

        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        Assert.Equal("Bearer", byEmail.Content!.TokenType);
        Assert.InRange(byEmail.Content.ExpiresIn, 60, 15 * 60);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(wrongPassword.Problem().Title, unknown.Problem().Title);
    }

    [Fact]
    public async Task Refresh_rotates_the_token_and_reusing_a_spent_one_revokes_the_family()
    {
        var user = await fixture.SignUpAsync();

        var first = await user.Api.RefreshAsync(new RefreshRequest(user.Tokens.RefreshToken));
        var reuse = await user.Api.RefreshAsync(new RefreshRequest(user.Tokens.RefreshToken));
        var rotatedAfterReuse = await user.Api.RefreshAsync(new RefreshRequest(first.Content!.RefreshToken));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(user.Tokens.RefreshToken, first.Content.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await user.Api.GetMeAsync(first.Content.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rotatedAfterReuse.StatusCode);
    }

    [Fact]
    public async Task Logout_returns_204_and_the_refresh_token_stops_working()
    {
        var user = await fixture.SignUpAsync();

        var logout = await user.Api.LogoutAsync(new RefreshRequest(user.Tokens.RefreshToken));
        var refresh = await user.Api.RefreshAsync(new RefreshRequest(user.Tokens.RefreshToken));
        var garbage = await user.Api.RefreshAsync(new RefreshRequest("not-a-token"));
        var empty = await user.Api.RefreshAsync(new RefreshRequest(""));

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task Protected_endpoints_answer_401_problem_without_a_valid_token()
    {
        var user = await fixture.SignUpAsync();
        using var http = fixture.CreateClient("web");
        var parts = user.AccessToken.Split('.');
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var unsigned = $"{header}.{parts[1]}.";
        var tampered = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA";

        foreach (var token in new string?[] { null, unsigned, tampered, "garbage" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        using var http = fixture.CreateClientFrom(TestAccounts.RandomClientAddress());

        using var response = await http.PostAsync("/api/auth/register", new StringContent("{\"email\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"errors\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_16th_login_attempt_from_one_address_within_5_minutes_is_rate_limited_with_retry_after()
    {
        using var http = fixture.CreateClientFrom(TestAccounts.RandomClientAddress());
        var api = RestService.For<IVenvidApi>(http);
        var statuses = new List<HttpStatusCode?>();

        for (var i = 0; i < 16; i++)
        {
            // Different unknown accounts: only the per-address limit applies.
            var response = await api.LoginAsync(new LoginRequest($"ghost{i}_{Guid.NewGuid():n}"[..20], "wrong password!"));
            statuses.Add(response.StatusCode);
            if (i == 15)
            {
                Assert.NotNull(response.Headers!.RetryAfter);
                Assert.Equal("https://venvid.dev/problems/rate-limited", response.Problem().Type);
            }
        }

        Assert.All(statuses.Take(15), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[15]);
    }

    [Fact]
    public async Task An_attacker_locked_out_of_an_account_does_not_lock_out_its_owner_elsewhere()
    {
        var victim = await fixture.SignUpAsync();
        var attacker = ApiFrom(TestAccounts.RandomClientAddress());
        var owner = ApiFrom(TestAccounts.RandomClientAddress());

        var attempts = new List<HttpStatusCode?>();
        for (var i = 0; i < 6; i++)
        {
            attempts.Add((await attacker.LoginAsync(new LoginRequest(victim.User.Username, "guess " + i + " wrong"))).StatusCode);
        }

        var attackerWithRightPassword = await attacker.LoginAsync(new LoginRequest(victim.User.Username, victim.Password));
        var ownerLogin = await owner.LoginAsync(new LoginRequest(victim.User.Username, victim.Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, attempts[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, attackerWithRightPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownerLogin.StatusCode);
    }

    [Fact]
    public async Task Repeated_registrations_of_a_taken_email_are_throttled_per_account_and_address()
    {
        var taken = await fixture.SignUpAsync();
        var prober = ApiFrom(TestAccounts.RandomClientAddress());
        var statuses = new List<HttpStatusCode?>();

        for (var i = 0; i < 6; i++)
        {
            var response = await prober.RegisterAsync(new RegisterRequest(taken.User.Email, "probe_" + Guid.NewGuid().ToString("n")[..10], "long enough password"));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
    }
}
