using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Venvid.Contracts;
using Venvid.Tests.Media;
using Venvid.Tests.Support;

namespace Venvid.Tests.Pipeline;

/// <summary>Workers die or are stopped mid-transcode; the job still finishes exactly once.</summary>
[Collection(VenvidCollection.Name)]
public sealed class WorkerFaultTests(VenvidAppFixture fixture) : IDisposable
{
    private const string Worker = "mediaworker";
    private const string WorkerProject = "Venvid.MediaWorker";
    private readonly TestVideos _media = new();

    [Fact]
    public async Task A_worker_killed_mid_transcode_leaves_the_job_to_the_next_worker_after_its_lease()
    {
        var user = await fixture.SignUpAsync();
        var video = await StartLongTranscodeAsync(user);

        (string State, int Attempts, long JobId) claim;
        try
        {
            foreach (var pid in fixture.ProcessIds(WorkerProject))
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: false); // SIGKILL: no clean-up, no release
            }

            await fixture.WaitForStoppedAsync(Worker, stopped: true);
            claim = await JobAsync(video.Id);
            Assert.Equal(("running", 1), (claim.State, claim.Attempts));
            KillOrphanedFfmpeg();
        }
        finally
        {
            await fixture.EnsureRunningAsync(Worker);
        }

        var ready = await user.WaitForAsync(video.Id, VideoStatuses.Ready, TimeSpan.FromMinutes(4));

        var job = await JobAsync(video.Id);
        Assert.Equal(("succeeded", 2), (job.State, job.Attempts));
        Assert.Equal(claim.JobId, job.JobId);
        await AssertOneCompleteSetOfOutputsAsync(ready);
    }

    [Fact]
    public async Task A_stopped_worker_releases_its_lease_and_leaves_no_ffmpeg_running()
    {
        var user = await fixture.SignUpAsync();
        var video = await StartLongTranscodeAsync(user);
        try
        {
            // ffmpeg is encoding this job (progress is reported from it): what the stop must end.
            var encoding = await JobAsync(video.Id);
            await TestMedia.WaitUntilAsync(() => FfmpegProcessesWorkingOn(encoding.JobId).Count > 0, TimeSpan.FromSeconds(10), "ffmpeg to encode the job");
            Assert.NotEmpty(FfmpegProcessesWorkingOn(encoding.JobId));

            // SIGTERM to the worker itself, as Kubernetes sends it before a pod goes away. It must be gone within its
            // 30 s allowance — having released the lease and stopped ffmpeg.
            await fixture.TerminateAsync(WorkerProject, TimeSpan.FromSeconds(30));

            // Released, not abandoned: queued again at once, and the interrupted attempt is not counted against it.
            var released = await JobAsync(video.Id);
            Assert.Equal(("queued", 0), (released.State, released.Attempts));
            Assert.Empty(FfmpegProcessesWorkingOn(released.JobId));
        }
        finally
        {
            await fixture.EnsureRunningAsync(Worker);
        }

        var ready = await user.WaitForAsync(video.Id, VideoStatuses.Ready, TimeSpan.FromMinutes(4));
        var job = await JobAsync(video.Id);
        Assert.Equal(("succeeded", 1), (job.State, job.Attempts));
        await AssertOneCompleteSetOfOutputsAsync(ready);
    }

    /// <summary>Uploads a clip long enough to be caught mid-transcode and waits until the worker is into it.</summary>
    private async Task<VideoDto> StartLongTranscodeAsync(SignedIn user)
    {
        var path = await _media.GenerateAsync(1280, 720, seconds: 40, videoKbps: 2000);
        var queued = await user.UploadAsync(path, "Interrupted transcode");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var video = (await user.Api.GetVideoAsync(queued.Id, user.AccessToken)).Content!;
            if (video.Status == VideoStatuses.Processing && video.Progress > 0)
            {
                return video;
            }

            Assert.NotEqual(VideoStatuses.Ready, video.Status);
            await Task.Delay(200);
        }

        throw new TimeoutException("The transcode never started.");
    }

    /// <summary>Every rendition's playlist is complete and storage holds exactly the segments the playlists name — under one job prefix.</summary>
    private async Task AssertOneCompleteSetOfOutputsAsync(VideoDto video)
    {
        var keys = await fixture.ListStorageKeysAsync($"videos/{video.Id}/");
        var prefix = Assert.Single(keys.Select(k => string.Join('/', k.Split('/')[..3])).Distinct());
        var web = fixture.CreateClient();
        var segments = new List<string>();
        foreach (var rendition in video.Renditions)
        {
            var playlist = await web.GetStringAsync($"/media/{prefix}/{rendition.Name}/index.m3u8");
            Assert.Contains("#EXT-X-ENDLIST", playlist);
            segments.AddRange(playlist.Split('\n').Where(l => l.EndsWith(".ts", StringComparison.Ordinal)).Select(l => $"{prefix}/{rendition.Name}/{l}"));
        }

        Assert.Equal(segments.Order(), keys.Where(k => k.EndsWith(".ts", StringComparison.Ordinal)).Order());
    }

    private async Task<(string State, int Attempts, long JobId)> JobAsync(string videoId)
    {
        await using var db = await fixture.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("SELECT state, attempts, id FROM jobs WHERE video_id = @id", db);
        command.Parameters.AddWithValue("id", videoId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var job = (reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2));
        Assert.False(await reader.ReadAsync(), "one job per upload");
        return job;
    }

    /// <summary>This run's ffmpeg processes (they inherit the worker's environment) encoding into the job's folder.</summary>
    private IReadOnlyList<int> FfmpegProcessesWorkingOn(long jobId) =>
        [.. RunFfmpegProcesses().Where(p => ProjectProcesses.CommandLine(p.Id).Contains($"job-{jobId}-", StringComparison.Ordinal)).Select(p => p.Id)];

    private IEnumerable<Process> RunFfmpegProcesses() =>
        Process.GetProcessesByName("ffmpeg").Where(p => ProjectProcesses.Environment(p.Id).GetValueOrDefault(ProjectProcesses.RunVariable) == fixture.RunId);

    /// <summary>
    /// A SIGKILLed worker cannot stop its ffmpeg, which keeps encoding to a folder nobody reads; stop it so it doesn't
    /// compete for the CPU (in production the pod, and every process in it, is gone).
    /// </summary>
    private void KillOrphanedFfmpeg()
    {
        foreach (var ffmpeg in RunFfmpegProcesses())
        {
            var stat = File.Exists($"/proc/{ffmpeg.Id}/stat") ? File.ReadAllText($"/proc/{ffmpeg.Id}/stat") : "";
            var parent = stat.Length > 0 ? stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] : "";
            if (parent == "1" && ProjectProcesses.CommandLine(ffmpeg.Id).Contains("venvid-worker", StringComparison.Ordinal))
            {
                ffmpeg.Kill();
            }
        }
    }

    public void Dispose() => _media.Dispose();
}
