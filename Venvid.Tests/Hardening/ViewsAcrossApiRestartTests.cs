using System.Net;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>
/// A beacon is answered once its view is queued, before it reaches Postgres: an API stopping (SIGTERM, as in a rolling
/// update) must still write every view it acknowledged, even while its cache (Redis) is slow. Always starts the API again.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class ViewsAcrossApiRestartTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task Every_view_acknowledged_before_a_sigterm_is_counted_after_the_restart()
    {
        var owner = await fixture.SignUpAsync();
        var id = await fixture.SeedVideoAsync(owner.User.Id);
        var acknowledged = 0;
        var attempted = 0;
        using var stop = new CancellationTokenSource();

        // Distinct anonymous viewers (one user agent each) beaconing as fast as they can, from 8 connections.
        var viewers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            using var http = fixture.CreateClientFrom($"10.77.0.{worker + 1}");
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/videos/{id}/view");
                request.Headers.UserAgent.ParseAdd($"RestartViewer/{worker}.{n}");
                Interlocked.Increment(ref attempted);
                try
                {
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TimeoutException
                                          || e.GetType().Namespace?.StartsWith("Polly", StringComparison.Ordinal) == true)
                {
                    // The API is stopping or gone (refused, reset, timed out, or the client's circuit is open): not acknowledged.
                }
            }
        })).ToList();

        await SeededVideos.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref acknowledged) >= 500));

        // Redis holds every write for 3 s and beacons keep coming: the views acknowledged meanwhile are still queued in
        // the API when it is told to stop, and only writing them out before exiting keeps them.
        using var redis = await fixture.ConnectRedisAsync();
        await redis.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "3000", "WRITE");
        var beforePause = Volatile.Read(ref acknowledged);
        await SeededVideos.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref acknowledged) >= beforePause + 100), TimeSpan.FromSeconds(2));
        try
        {
            await fixture.TerminateAsync("Venvid.ApiService", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(viewers);
            await fixture.EnsureRunningAsync("api");
        }

        // Every acknowledged view, and none twice: at most the views attempted (a view may have been written while its
        // answer was lost in the shutdown).
        await SeededVideos.EventuallyAsync(async () =>
            await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", id)) >= acknowledged,
            TimeSpan.FromSeconds(30));
        var counted = await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", id));
        Assert.InRange(counted, acknowledged, attempted);
        Assert.True(acknowledged >= 500, $"only {acknowledged} views were acknowledged");
    }
}
