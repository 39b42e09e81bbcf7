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

        await fixture.SetRunningAsync("postgres", running: false, TimeSpan.FromSeconds(90));
        try
        {
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
    }
}
