using System.Net;
using System.Net.Http.Json;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

/// <summary>
/// Password guessing spread over many addresses (as the API hears them from its gateway) locks the account, with a
/// delay that grows, while the owner's browser — one that signed in before — still gets in. The test run locks for
/// 3 s (VenvidAppFixture) where production locks for a minute.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class AccountLockoutTests(VenvidAppFixture fixture)
{
    private const int FailuresBeforeLock = 10;

    [Fact]
    public async Task Guessing_one_account_from_many_addresses_locks_it_while_the_owners_known_browser_still_signs_in()
    {
        var started = DateTime.UtcNow;
        var victim = await fixture.SignUpAsync();
        // The owner's browser: its own address and cookie jar, through the web host.
        var ownerCookies = new CookieContainer();
        using var owner = EdgeClients.From(EdgeClients.NewLoopbackAddress(), fixture.WebListener(), ownerCookies);
        using (var first = await LoginAsync(owner, victim.User.Username, victim.Password))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var device = Assert.Single(ownerCookies.GetAllCookies(), c => c.Name == "venvid_device");
            Assert.True(device.HttpOnly);
            Assert.Equal("/api/auth", device.Path);
        }

        // Another account's browser, known to that account only.
        var stranger = await fixture.SignUpAsync();
        using var strangerBrowser = EdgeClients.From(EdgeClients.NewLoopbackAddress(), fixture.WebListener(), new CookieContainer());
        using (var own = await LoginAsync(strangerBrowser, stranger.User.Username, stranger.Password))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        // Ten wrong guesses, each from an address of its own: no (account, address) pair gets near its own limit.
        for (var i = 0; i < FailuresBeforeLock; i++)
        {
            using var guess = await GuessAsync(victim.User.Username, "guess " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        // Locked: even the right password from a new address is refused before it is checked.
        using var locked = await GuessAsync(victim.User.Username, victim.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
        var firstLock = locked.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("no Retry-After");
        Assert.InRange(firstLock, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        using (var byEmail = await GuessAsync(victim.User.Email, victim.Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, byEmail.StatusCode);
        }

        // A cookie from another account's sign-in is no key to this one.
        using (var other = await LoginAsync(strangerBrowser, victim.User.Username, victim.Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, other.StatusCode);
        }

        // The owner's known browser signs in all the same, and a typo there does not prolong the lock.
        using (var typo = await LoginAsync(owner, victim.User.Username, "fat fingers"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, typo.StatusCode);
        }

        using (var ownerLogin = await LoginAsync(owner, victim.User.Username, victim.Password))
        {
            Assert.Equal(HttpStatusCode.OK, ownerLogin.StatusCode);
            Assert.False(string.IsNullOrEmpty((await ownerLogin.Content.ReadFromJsonAsync<Tokens>())!.AccessToken));
        }

        // Once the lock ends one more wrong guess locks again, for twice as long.
        await Task.Delay(firstLock + TimeSpan.FromMilliseconds(500));
        using (var afterLock = await GuessAsync(victim.User.Username, "one more guess"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, afterLock.StatusCode);
        }

        using var relocked = await GuessAsync(victim.User.Username, victim.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, relocked.StatusCode);
        Assert.InRange(relocked.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));

        // Both locks are security events in the exported logs (the dashboard's), naming the account by id, never the password.
        var sink = fixture.Telemetry ?? throw new InvalidOperationException("The default fixture collects telemetry.");
        await SeededVideos.EventuallyAsync(() => Task.FromResult(sink.ReceivedSince(started)
            .Count(e => e.Signal == "v1/logs" && TelemetrySink.Contains(e.Body, $"Account {victim.User.Id} locked for")) >= 1),
            TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(sink.ReceivedSince(started), e => TelemetrySink.Contains(e.Body, victim.Password));
    }

    [Fact]
    public async Task Unknown_accounts_lock_exactly_like_real_ones()
    {
        var ghost = "nobody_" + Guid.NewGuid().ToString("n")[..12];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= FailuresBeforeLock; i++)
        {
            using var guess = await GuessAsync(ghost, "guess " + i);
            statuses.Add(guess.StatusCode);
        }

        // Same answers, same moment: the lockout does not reveal which accounts exist.
        Assert.All(statuses.Take(FailuresBeforeLock), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    /// <summary>One guess from a fresh address, as the API hears it from its gateway.</summary>
    private async Task<HttpResponseMessage> GuessAsync(string login, string password)
    {
        using var http = fixture.CreateClientFrom(TestAccounts.RandomClientAddress());
        return await LoginAsync(http, login, password);
    }

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient http, string login, string password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new LoginRequest(login, password));
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
