using System.Collections.Concurrent;
using System.Net;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>
/// Redis stops and starts again while clients keep browsing, viewing and liking. Nothing a client was told is lost
/// or counted twice, no request fails, and the API goes back to Redis by itself. Always starts Redis again.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class RedisRestartTests(VenvidAppFixture fixture)
{
    private const int RepeatViewers = 4;

    [Fact]
    public async Task Redis_restarted_mid_traffic_counts_every_viewer_once_keeps_every_acknowledged_like_and_comes_back()
    {
        var owner = await fixture.SignUpAsync();
        var fans = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => fixture.SignUpAsync()));
        var watched = await fixture.SeedVideoAsync(owner.User.Id, "Watched through a Redis restart");
        var liked = await fixture.SeedVideoAsync(owner.User.Id, "Liked through a Redis restart");
        using var traffic = new Traffic(fixture, owner, fans, watched, liked);

        var loop = traffic.RunAsync();
        await traffic.WaitForRoundsAsync(2);
        var logMark = ResourceLogs.Mark("api");
        await fixture.SetRunningAsync("redis", running: false, TimeSpan.FromSeconds(60));
        try
        {
            await traffic.WaitForRoundsAsync(3);
        }
        finally
        {
            await fixture.SetRunningAsync("redis", running: true, TimeSpan.FromSeconds(60));
        }

        await traffic.WaitForRoundsAsync(3);
        await traffic.StopAsync(loop);

        Assert.Empty(traffic.Failures);

        // The breaker closes by itself: the API says so, and caches videos in Redis again.
        await ResourceLogs.WaitForLineAsync("api", logMark, "Redis available again", TimeSpan.FromSeconds(30));
        using var redis = await fixture.ConnectRedisAsync();
        var sentinel = await fixture.SignUpAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await sentinel.Api.RecordViewAsync(watched, sentinel.AccessToken)).StatusCode);
        // Cached videos go back to Redis: a change drops the video from every cache layer, and the next read
        // stores it in Redis again (a read served from the API's own memory would not touch Redis at all).
        Assert.Equal(HttpStatusCode.OK, (await sentinel.Api.LikeAsync(watched, sentinel.AccessToken)).StatusCode);
        await SeededVideos.EventuallyAsync(async () =>
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.Api.GetVideoAsync(watched)).StatusCode);
            return await redis.GetDatabase().KeyExistsAsync($"venvid:cache:video:{watched}");
        });

        // Every distinct viewer exactly once (the sentinel's view is written after everything before it), in Postgres
        // and through the API.
        var expectedViews = traffic.DistinctViewers + 1;
        await SeededVideos.EventuallyAsync(async () =>
            await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", watched)) >= expectedViews, TimeSpan.FromSeconds(30));
        Assert.Equal(expectedViews, await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", watched)));
        Assert.Equal(expectedViews, (await owner.Api.GetVideoAsync(watched)).Content!.ViewCount);

        // Likes: exactly the acknowledged state, whichever way it is read.
        var expectedLikers = fans.Where(f => traffic.AcknowledgedLike(f)).ToList();
        Assert.Equal(expectedLikers.Count, await fixture.ScalarAsync<long>("SELECT count(*) FROM likes WHERE video_id = @id", ("id", liked)));
        Assert.Equal(expectedLikers.Count, (await owner.Api.GetVideoAsync(liked)).Content!.LikeCount);
        foreach (var fan in fans)
        {
            var likes = await SeededVideos.AllPagesAsync(cursor => fan.Api.GetLikedAsync(fan.AccessToken, cursor));
            Assert.Equal(traffic.AcknowledgedLike(fan), likes.Any(v => v.Id == liked));
            Assert.Equal(traffic.AcknowledgedLike(fan), (await fan.Api.GetVideoAsync(liked, fan.AccessToken)).Content!.LikedByMe);
        }
    }

    /// <summary>
    /// Rounds of client traffic: repeat and new anonymous viewers, signed-in fans viewing and toggling their like (and
    /// reading it back), the uploader browsing. Anything but the expected 2xx answer is a failure.
    /// </summary>
    private sealed class Traffic(VenvidAppFixture fixture, SignedIn owner, SignedIn[] fans, string watched, string liked) : IDisposable
    {
        private readonly HttpClient _anonymous = fixture.CreateClient("api");
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<string, bool> _likes = new();
        private readonly HashSet<string> _viewers = [];
        private int _rounds;

        public ConcurrentQueue<string> Failures { get; } = new();

        public int DistinctViewers => _viewers.Count;

        public bool AcknowledgedLike(SignedIn fan) => _likes.GetValueOrDefault(fan.User.Id);

        public async Task RunAsync()
        {
            await Task.Yield();
            for (var round = 0; !_stop.IsCancellationRequested; round++)
            {
                var viewers = Enumerable.Range(0, RepeatViewers).Select(i => $"10.99.0.{i + 1}").Append($"10.98.{round / 250}.{round % 250 + 1}");
                foreach (var address in viewers)
                {
                    await ViewAsAsync(address);
                }

                foreach (var fan in fans)
                {
                    Expect("fan view", HttpStatusCode.Accepted, await fan.Api.RecordViewAsync(watched, fan.AccessToken));
                    _viewers.Add("fan " + fan.User.Id);
                    await ToggleLikeAsync(fan);
                }

                Expect("detail", HttpStatusCode.OK, await owner.Api.GetVideoAsync(watched));
                Expect("own detail", HttpStatusCode.OK, await owner.Api.GetVideoAsync(liked, owner.AccessToken));
                Expect("list", HttpStatusCode.OK, await owner.Api.ListVideosAsync(uploader: owner.User.Id));
                Interlocked.Increment(ref _rounds);
            }
        }

        public async Task WaitForRoundsAsync(int more)
        {
            var target = Volatile.Read(ref _rounds) + more;
            await SeededVideos.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref _rounds) >= target || !Failures.IsEmpty), TimeSpan.FromSeconds(90));
        }

        public async Task StopAsync(Task loop)
        {
            await _stop.CancelAsync();
            await loop;
        }

        private async Task ViewAsAsync(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/videos/{watched}/view");
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await _anonymous.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                Failures.Enqueue($"anonymous view: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }

            _viewers.Add("anonymous " + address);
        }

        private async Task ToggleLikeAsync(SignedIn fan)
        {
            var like = !AcknowledgedLike(fan);
            var response = like ? await fan.Api.LikeAsync(liked, fan.AccessToken) : await fan.Api.UnlikeAsync(liked, fan.AccessToken);
            if (response.StatusCode != HttpStatusCode.OK || response.Content!.LikedByMe != like)
            {
                Failures.Enqueue($"{(like ? "like" : "unlike")}: {(int?)response.StatusCode} {response.ErrorContent()}");
                return;
            }

            _likes[fan.User.Id] = like;
            var readBack = await fan.Api.GetVideoAsync(liked, fan.AccessToken);
            if (readBack.Content?.LikedByMe != like)
            {
                Failures.Enqueue($"read after {(like ? "like" : "unlike")}: {(int?)readBack.StatusCode} likedByMe={readBack.Content?.LikedByMe}");
            }
        }

        private void Expect(string what, HttpStatusCode expected, Refit.IApiResponse response)
        {
            if (response.StatusCode != expected)
            {
                Failures.Enqueue($"{what}: {(int?)response.StatusCode} {response.ErrorContent()}");
            }
        }

        public void Dispose()
        {
            _anonymous.Dispose();
            _stop.Dispose();
        }
    }
}
