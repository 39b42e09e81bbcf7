using System.Net;
using System.Net.Http.Json;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Regions;

/// <summary>
/// The web host as the API gateway of the region pair: it picks each request's region (header, cookie, the CDN's
/// viewer country, default), throttles each client, and sends a region's traffic to the other one while it is down.
/// Which API answered is read from the <c>X-Venvid-Region</c> header every API sets.
/// </summary>
[Collection(RegionPairCollection.Name)]
public sealed class GatewayTests(RegionPairFixture fixture)
{
    private const string Region = "X-Venvid-Region";
    private const string Country = "CloudFront-Viewer-Country";

    [Theory]
    [InlineData(null, null, null, "ca")]
    [InlineData("eu", null, null, "eu")]
    [InlineData("EU", null, null, "eu")]
    [InlineData(null, "eu", null, "eu")]
    [InlineData(null, null, "FR", "eu")]
    [InlineData(null, null, "de", "eu")]
    [InlineData(null, null, "CA", "ca")]
    [InlineData(null, null, "JP", "ca")]
    [InlineData("ca", null, "FR", "ca")]
    [InlineData(null, "ca", "FR", "ca")]
    [InlineData("mars", null, "FR", "eu")]
    [InlineData(null, "mars", null, "ca")]
    public async Task Each_request_goes_to_its_region(string? header, string? cookie, string? country, string expected)
    {
        using var web = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");
        using var request = new HttpRequestMessage(HttpMethod.Get, Uncached());
        if (header is not null)
        {
            request.Headers.Add(Region, header);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", "venvid_region=" + cookie);
        }

        if (country is not null)
        {
            request.Headers.Add(Country, country);
        }

        using var response = await web.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, Assert.Single(response.Headers.GetValues(Region)));
    }

    [Fact]
    public async Task One_client_over_its_rate_is_refused_with_429_while_others_go_on()
    {
        var greedy = TestAccounts.RandomClientAddress();
        using var web = fixture.CreateClientFrom(greedy, "web");

        // Far more than the bucket holds (300) plus what it refills (100/s) while they run.
        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            var statuses = new List<HttpResponseMessage>();
            for (var i = 0; i < 40; i++)
            {
                statuses.Add(await web.GetAsync(Uncached()));
            }

            return statuses;
        }));
        var all = responses.SelectMany(r => r).ToList();
        try
        {
            Assert.All(all, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
            var refused = all.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(refused);
            Assert.True(all.Count(r => r.StatusCode == HttpStatusCode.OK) >= 300, "the burst is allowed");
            var first = refused[0];
            Assert.True(first.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
            var problem = await first.Content.ReadFromJsonAsync<ProblemDto>();
            Assert.Equal(429, problem!.Status);
        }
        finally
        {
            all.ForEach(r => r.Dispose());
        }

        using var other = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");
        using var fine = await other.GetAsync(Uncached());
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task Europe_down_sends_its_traffic_to_Canada_and_back_when_it_returns()
    {
        using var web = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");
        web.DefaultRequestHeaders.Add(Region, "eu");
        Assert.Equal("eu", await AnsweredByAsync(web));

        await fixture.SetRunningAsync("api-eu", running: false, TimeSpan.FromSeconds(90));
        try
        {
            // No request fails. The first ones may wait for the gateway to find Europe gone (a probe, or the request
            // itself failing and being retried in Canada); from then on Canada answers at once.
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal("ca", await AnsweredByAsync(web));
            }
        }
        finally
        {
            await fixture.SetRunningAsync("api-eu", running: true, TimeSpan.FromSeconds(120));
        }

        await SeededVideos.EventuallyAsync(async () => await AnsweredByAsync(web) == "eu", TimeSpan.FromSeconds(30));
    }

    private static async Task<string> AnsweredByAsync(HttpClient web)
    {
        using var response = await web.GetAsync(Uncached());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues(Region));
    }

    /// <summary>A public read no cache holds (a query of its own): the edge must route it to a region's API.</summary>
    private static string Uncached() => "/api/videos?limit=1&uncached=" + Guid.NewGuid().ToString("n");
}
