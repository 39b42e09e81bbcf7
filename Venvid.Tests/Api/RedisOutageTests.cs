using System.Net;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

/// <summary>Stops Redis mid-test; always starts it again, so the rest of the run has its Redis back.</summary>
[Collection(VenvidCollection.Name)]
public sealed class RedisOutageTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task With_redis_down_reads_keep_working_and_views_are_counted()
    {
        var owner = await fixture.SignUpAsync();
        var id = await fixture.SeedVideoAsync(owner.User.Id, viewCount: 7);
        Assert.Equal(HttpStatusCode.OK, (await owner.Api.GetVideoAsync(id)).StatusCode);

        var logMark = ResourceLogs.Mark("api");
        await fixture.SetRunningAsync("redis", running: false, TimeSpan.FromSeconds(60));
        try
        {
            var detail = await owner.Api.GetVideoAsync(id, owner.AccessToken);
            var list = await owner.Api.ListVideosAsync(uploader: owner.User.Id);
            var view = await owner.Api.RecordViewAsync(id);
            var like = await owner.Api.LikeAsync(id, owner.AccessToken);
            var me = await owner.Api.GetMeAsync(owner.AccessToken);

            Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal([id], list.Content!.Items.Select(v => v.Id));
            Assert.Equal(HttpStatusCode.Accepted, view.StatusCode);
            Assert.Equal(HttpStatusCode.OK, like.StatusCode);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            // Counted in Postgres, which views never leave: within the few seconds the contract allows.
            await SeededVideos.EventuallyAsync(async () => await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", id)) == 8, TimeSpan.FromSeconds(10));
            Assert.Equal(8, await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", id)));
            await SeededVideos.EventuallyAsync(async () => (await owner.Api.GetVideoAsync(id)).Content!.ViewCount == 8, TimeSpan.FromSeconds(10));

            // The login limit's counters live in Redis; without it the API counts on its own, and the limit still holds.
            using var http = fixture.CreateClientFrom(TestAccounts.RandomClientAddress());
            var guesser = RestService.For<IVenvidApi>(http);
            var statuses = new List<HttpStatusCode?>();
            for (var i = 0; i < 16; i++)
            {
                statuses.Add((await guesser.LoginAsync(new LoginRequest($"ghost{i}_{Guid.NewGuid():n}"[..20], "wrong password!"))).StatusCode);
            }

            Assert.All(statuses.Take(15), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[15]);
        }
        finally
        {
            await fixture.SetRunningAsync("redis", running: true, TimeSpan.FromSeconds(60));
        }

        // The breaker, not luck: the calls above skipped Redis without trying it, instead of each waiting for a
        // timeout (which would count as a failure apiece). The API reports both numbers once Redis is back.
        var summary = await ResourceLogs.WaitForLineAsync("api", logMark, "Redis available again", TimeSpan.FromSeconds(30));
        var counts = Regex.Match(summary, @"(\d+) call\(s\) went straight to their fallback, (\d+) call\(s\) failed");
        Assert.True(counts.Success, summary);
        Assert.True(int.Parse(counts.Groups[1].Value) >= 5, summary);
        Assert.True(int.Parse(counts.Groups[2].Value) <= 1, summary);

        await SeededVideos.EventuallyAsync(async () =>
            (await owner.Api.RecordViewAsync(id, owner.AccessToken)).StatusCode == HttpStatusCode.Accepted, TimeSpan.FromSeconds(30));
    }
}
