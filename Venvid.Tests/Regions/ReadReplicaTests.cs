using Aspire.Hosting.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Regions;

/// <summary>
/// Europe's API reads from a real streaming replica of Canada's primary: rows arrive there by replication, a
/// caller reads their own writes even while replay is paused, and reads go on when the replica is down.
/// </summary>
[Collection(RegionPairCollection.Name)]
public sealed class ReadReplicaTests(RegionPairFixture fixture)
{
    private const string ReadSource = "X-Venvid-Read";
    private const string CommitPosition = "X-Venvid-Lsn";

    [Fact]
    public async Task A_row_written_through_Canada_is_replayed_on_the_European_replica()
    {
        await using var replica = await OpenReplicaAsync();
        Assert.True(await replica.ScalarAsync<bool>("SELECT pg_is_in_recovery()"));
        Assert.False(await fixture.ScalarAsync<bool>("SELECT pg_is_in_recovery()"));

        var user = await fixture.SignUpAsync();

        await SeededVideos.EventuallyAsync(async () =>
            await replica.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @id", ("id", Guid.Parse(user.User.Id))) == 1);
        await Assert.ThrowsAsync<PostgresException>(() => replica.ScalarAsync<long>("DELETE FROM users WHERE id = @id", ("id", Guid.Parse(user.User.Id))));
    }

    [Fact]
    public async Task A_like_through_Europe_is_read_back_by_its_author_while_replay_is_paused()
    {
        var user = await fixture.SignUpAsync();
        var videoId = await fixture.SeedVideoAsync(user.User.Id, title: "Replicated");
        using var europe = EuropeClient(user.AccessToken);
        await using var replica = await OpenReplicaAsync();

        // The video has reached the replica and Europe reads from it.
        await SeededVideos.EventuallyAsync(async () =>
            await replica.ScalarAsync<long>("SELECT count(*) FROM videos WHERE id = @id", ("id", videoId)) == 1);
        await SeededVideos.EventuallyAsync(async () => (await LikedAsync(europe)).Source == "replica");

        await replica.ScalarAsync<object>("SELECT pg_wal_replay_pause()");
        try
        {
            using var like = await europe.PostAsync($"/api/videos/{videoId}/like", content: null);
            Assert.Equal(HttpStatusCode.OK, like.StatusCode);
            var position = Assert.Single(like.Headers.GetValues(CommitPosition));
            Assert.Contains(like.Headers.GetValues("Set-Cookie"), c => Uri.UnescapeDataString(c).StartsWith("venvid_lsn=" + position + ";", StringComparison.Ordinal));

            // The replica has not replayed the like: without the position, a read there does not see it…
            var stale = await LikedAsync(europe);
            Assert.Equal("replica", stale.Source);
            Assert.DoesNotContain(videoId, stale.Ids);

            // …with it (as the browser sends it: the cookie; or as other clients may: the header), the read goes to
            // the primary and the author sees their like.
            foreach (var asCookie in new[] { true, false })
            {
                var own = await LikedAsync(europe, position, asCookie);
                Assert.Equal("primary", own.Source);
                Assert.Contains(videoId, own.Ids);
            }

            // A signed-in view writes the viewer's history at once, so its beacon hands out a position too, and "recently
            // watched" lists the video on the next read; an anonymous beacon (counted in Redis, nothing to read back) does not.
            using (var view = await europe.PostAsync($"/api/videos/{videoId}/view", content: null))
            {
                Assert.Equal(HttpStatusCode.Accepted, view.StatusCode);
                var viewed = Assert.Single(view.Headers.GetValues(CommitPosition));
                var history = await ReadIdsAsync(europe, "/api/users/me/history", viewed, asCookie: true);
                Assert.Equal("primary", history.Source);
                Assert.Contains(videoId, history.Ids);
            }

            using (var anonymous = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = europe.BaseAddress })
            using (var view = await anonymous.PostAsync($"/api/videos/{videoId}/view", content: null))
            {
                Assert.Equal(HttpStatusCode.Accepted, view.StatusCode);
                Assert.False(view.Headers.Contains(CommitPosition));
            }

            // A replica that stays behind the primary beyond the lag bound gets no reads at all.
            await SeededVideos.EventuallyAsync(async () =>
            {
                var read = await LikedAsync(europe);
                return read.Source == "primary" && read.Ids.Contains(videoId);
            }, TimeSpan.FromSeconds(30));
        }
        finally
        {
            await replica.ScalarAsync<object>("SELECT pg_wal_replay_resume()");
        }

        // Caught up: the replica serves again, like included.
        await SeededVideos.EventuallyAsync(async () =>
        {
            var read = await LikedAsync(europe);
            return read.Source == "replica" && read.Ids.Contains(videoId);
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task With_the_replica_stopped_Europe_answers_reads_from_the_primary()
    {
        var user = await fixture.SignUpAsync();
        var videoId = await fixture.SeedVideoAsync(user.User.Id, title: "Still readable");
        using var europe = EuropeClient(user.AccessToken);
        await SeededVideos.EventuallyAsync(async () => (await LikedAsync(europe)).Source == "replica");

        await fixture.SetRunningAsync("postgres-eu", running: false, TimeSpan.FromSeconds(90));
        try
        {
            // Straight after the stop, and then some: every read answers, from the primary.
            for (var i = 0; i < 20; i++)
            {
                using var list = await europe.GetAsync($"/api/videos?uploader={user.User.Id}");
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                var page = await list.Content.ReadFromJsonAsync<Page<VideoDto>>();
                Assert.Contains(page!.Items, v => v.Id == videoId);

                var liked = await LikedAsync(europe);
                Assert.Equal("primary", liked.Source);
            }
        }
        finally
        {
            await fixture.SetRunningAsync("postgres-eu", running: true, TimeSpan.FromSeconds(90));
        }

        await SeededVideos.EventuallyAsync(async () => (await LikedAsync(europe)).Source == "replica", TimeSpan.FromSeconds(30));
    }

    /// <summary>Europe's API, without a cookie jar: each test decides which commit position a read carries.</summary>
    private HttpClient EuropeClient(string accessToken)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = fixture.App.GetEndpoint("api-eu", "http") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    private static Task<(string? Source, List<string> Ids)> LikedAsync(HttpClient europe, string? position = null, bool asCookie = false) =>
        ReadIdsAsync(europe, "/api/users/me/liked", position, asCookie);

    /// <summary>A page of videos read through Europe, with where the read went.</summary>
    private static async Task<(string? Source, List<string> Ids)> ReadIdsAsync(HttpClient europe, string path, string? position = null, bool asCookie = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (position is not null)
        {
            request.Headers.Add(asCookie ? "Cookie" : CommitPosition, asCookie ? "venvid_lsn=" + Uri.EscapeDataString(position) : position);
        }

        using var response = await europe.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<Page<VideoDto>>();
        var source = response.Headers.TryGetValues(ReadSource, out var values) ? values.Single() : null;
        return (source, page!.Items.Select(v => v.Id).ToList());
    }

    private async Task<NpgsqlConnection> OpenReplicaAsync()
    {
        // Unpooled: one test stops and restarts the replica, which would leave pooled connections broken for the next.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(await fixture.GetConnectionStringAsync("venvid-eu")) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
