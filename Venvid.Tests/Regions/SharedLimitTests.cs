using System.Net;
using Refit;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Regions;

/// <summary>
/// Each region runs two API replicas; brute-force limits must hold across them, not per replica (which would let an
/// attacker who reaches both make twice the attempts). Requests here go to each replica's own address in turn.
/// </summary>
[Collection(RegionPairCollection.Name)]
public sealed class SharedLimitTests(RegionPairFixture fixture)
{
    [Fact]
    public async Task The_16th_login_from_one_address_is_refused_even_when_the_attempts_alternate_between_replicas()
    {
        var replicas = ApiReplicaAddresses(region: "ca");
        Assert.Equal(2, replicas.Count);
        var client = TestAccounts.RandomClientAddress();
        var apis = replicas.Select(address =>
        {
            var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
            return (Http: http, Api: RestService.For<IVenvidApi>(http));
        }).ToList();

        try
        {
            var statuses = new List<HttpStatusCode?>();
            for (var i = 0; i < 16; i++)
            {
                // Different unknown accounts: only the per-address limit applies. Odd attempts go to one replica, even to the other.
                var response = await apis[i % 2].Api.LoginAsync(new LoginRequest($"ghost{i}_{Guid.NewGuid():n}"[..20], "wrong password!"));
                statuses.Add(response.StatusCode);
                if (i == 15)
                {
                    Assert.NotNull(response.Headers!.RetryAfter);
                }
            }

            Assert.All(statuses.Take(15), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[15]);
        }
        finally
        {
            apis.ForEach(a => a.Http.Dispose());
        }
    }

    [Fact]
    public async Task Failed_logins_on_one_account_are_counted_across_replicas()
    {
        var replicas = ApiReplicaAddresses(region: "ca");
        var client = TestAccounts.RandomClientAddress();
        var account = $"victim_{Guid.NewGuid():n}"[..20];
        var statuses = new List<HttpStatusCode?>();
        for (var i = 0; i < 6; i++)
        {
            using var http = new HttpClient { BaseAddress = replicas[i % replicas.Count] };
            http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
            statuses.Add((await RestService.For<IVenvidApi>(http).LoginAsync(new LoginRequest(account, "wrong password!"))).StatusCode);
        }

        // Five failures for the (account, address) pair, then refused before any password check.
        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
    }

    /// <summary>The own address of each running API process of <paramref name="region"/> (not the shared proxy in front of them).</summary>
    private List<Uri> ApiReplicaAddresses(string region) =>
    [
        .. fixture.AppProcessIds("Venvid.ApiService")
            .Select(ProjectProcesses.Environment)
            .Where(env => env.GetValueOrDefault("Venvid__Region") == region)
            .Select(env => new Uri(env["ASPNETCORE_URLS"].Split(';')[0].Replace("localhost", "127.0.0.1", StringComparison.Ordinal)))
            .OrderBy(uri => uri.Port),
    ];
}
