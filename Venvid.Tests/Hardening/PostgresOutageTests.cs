using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>Postgres goes away for a moment: clients get 503 + Retry-After, and everything works again once it is back.</summary>
[Collection(VenvidCollection.Name)]
public sealed class PostgresOutageTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task With_postgres_stopped_writes_answer_503_with_retry_after_and_recover_without_restarts()
    {
        var owner = await fixture.SignUpAsync();
        var fan = await fixture.SignUpAsync();
        var id = await fixture.SeedVideoAsync(owner.User.Id, "Outage survivor");
        using var viewers = fixture.CreateClientFrom(TestAccounts.RandomClientAddress());
        Assert.Equal(HttpStatusCode.Accepted, (await BeaconAsync(viewers, id, "before")).StatusCode);
        await SeededVideos.EventuallyAsync(async () => await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", id)) == 1);

        await fixture.SetRunningAsync("postgres", running: false, TimeSpan.FromSeconds(90));
        try
        {
            // A view is acknowledged once queued, and waits in the API for Postgres.
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.Accepted, (await BeaconAsync(viewers, id, $"during-{i}")).StatusCode);
            }

            var like = await fan.Api.LikeAsync(id, fan.AccessToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, like.StatusCode);
            Assert.NotNull(like.Headers?.RetryAfter);
            Assert.Contains("https://venvid.dev/problems/unavailable", like.ErrorContent());

            var profile = await fan.Api.UpdateMeAsync(fan.AccessToken, new Contracts.UpdateProfileRequest("Written during outage", null));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, profile.StatusCode);
        }
        finally
        {
            await fixture.SetRunningAsync("postgres", running: true, TimeSpan.FromSeconds(90));
        }

        // Same API process, new connections: the write goes through, and the refused one left nothing behind.
        await SeededVideos.EventuallyAsync(async () => (await fan.Api.LikeAsync(id, fan.AccessToken)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var me = await fan.Api.GetMeAsync(fan.AccessToken);
        Assert.Null(me.Content!.DisplayName);
        var video = await fan.Api.GetVideoAsync(id, fan.AccessToken);
        Assert.Equal((1, true), (video.Content!.LikeCount, video.Content.LikedByMe));
        // The views acknowledged during the outage are counted, each once.
        await SeededVideos.EventuallyAsync(async () => await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", id)) >= 4, TimeSpan.FromSeconds(30));
        Assert.Equal(4, await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", id)));
    }

    private static async Task<HttpResponseMessage> BeaconAsync(HttpClient http, string id, string viewer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/videos/{id}/view");
        request.Headers.UserAgent.ParseAdd($"OutageViewer/{viewer}");
        return await http.SendAsync(request);
    }
}
