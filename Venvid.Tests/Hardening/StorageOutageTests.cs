using System.Net;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>Storage (s3rver) goes away at the worst moments; always started again, so the rest of the run has it.</summary>
[Collection(VenvidCollection.Name)]
public sealed class StorageOutageTests(VenvidAppFixture fixture) : IDisposable
{
    private readonly TestVideos _media = new();

    [Fact]
    public async Task Completing_an_upload_while_storage_is_down_answers_503_and_succeeds_when_retried()
    {
        var user = await fixture.SignUpAsync();
        var path = await _media.GenerateAsync(320, 240, 1, name: "storage-down-complete");
        var started = await user.StartAsync(path, "Completed after a storage outage");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var upload = started.Content!;
        var parts = new CompleteUploadRequest([new(1, await Uploader.PutPartAsync(upload.Parts[0].Url, path, upload.PartSizeBytes, 1))]);

        await fixture.SetRunningAsync("storage", running: false, TimeSpan.FromSeconds(60));
        try
        {
            var refused = await user.Api.CompleteUploadAsync(upload.UploadId, user.AccessToken, parts);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers?.RetryAfter);
            Assert.Equal("application/problem+json", refused.ContentHeaders?.ContentType?.MediaType);
            Assert.Contains("https://venvid.dev/problems/unavailable", refused.ErrorContent());

            // Nothing was half-done: the video is still waiting for its upload, with no job.
            Assert.Equal(VideoStatuses.Uploading, (await user.Api.GetVideoAsync(upload.VideoId, user.AccessToken)).Content!.Status);
            Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE video_id = @id", ("id", upload.VideoId)));
        }
        finally
        {
            await fixture.SetRunningAsync("storage", running: true, TimeSpan.FromSeconds(60));
        }

        var retried = await user.Api.CompleteUploadAsync(upload.UploadId, user.AccessToken, parts);
        Assert.True(retried.StatusCode == HttpStatusCode.OK, $"the retry answered {(int?)retried.StatusCode}: {retried.ErrorContent()}");
        await user.WaitForAsync(upload.VideoId, VideoStatuses.Ready);
    }

    [Fact]
    public async Task Storage_failing_while_a_job_writes_its_outputs_is_retried_and_the_video_ends_ready()
    {
        var user = await fixture.SignUpAsync();
        var path = await _media.GenerateAsync(1280, 720, 24, name: "storage-down-outputs");
        var video = await user.UploadAsync(path, "Transcoded across a storage outage");

        // Wait until the job is publishing: the first rendition is out, the rest is still being written.
        var publishing = await PollAsync(async () =>
        {
            var current = (await user.Api.GetVideoAsync(video.Id, user.AccessToken)).Content!;
            Assert.True(current.Status != VideoStatuses.Ready, "the job finished before storage could be stopped; the input is too short");
            return current.Renditions.Any(r => r.Ready) ? current : null;
        });
        Assert.Equal(VideoStatuses.Processing, publishing.Status);

        await fixture.SetRunningAsync("storage", running: false, TimeSpan.FromSeconds(60));
        try
        {
            // The attempt fails on its writes and goes back to the queue with the storage error as its reason.
            var failed = await PollAsync(async () =>
                await fixture.ScalarAsync<string?>("SELECT last_error FROM jobs WHERE video_id = @id AND state = 'queued' AND last_error IS NOT NULL", ("id", video.Id)));
            Assert.Matches("(?i)storage|network|timed out", failed);
            Assert.Equal(VideoStatuses.Queued, (await user.Api.GetVideoAsync(video.Id, user.AccessToken)).Content!.Status);
        }
        finally
        {
            await fixture.SetRunningAsync("storage", running: true, TimeSpan.FromSeconds(60));
        }

        var ready = await user.WaitForAsync(video.Id, VideoStatuses.Ready);
        Assert.All(ready.Renditions, r => Assert.True(r.Ready));
        Assert.True(await fixture.ScalarAsync<int>("SELECT attempts FROM jobs WHERE video_id = @id", ("id", video.Id)) >= 2);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(200);
        }
    }

    public void Dispose() => _media.Dispose();
}
