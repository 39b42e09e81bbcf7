using System.Net;
using Microsoft.Extensions.Options;
using Venvid.Contracts;
using Venvid.MediaWorker.Jobs;
using Venvid.MediaWorker.Media;
using Xunit.Abstractions;

namespace Venvid.Tests.Media;

/// <summary>The worker's job loop against a scripted API and in-memory storage, with the real ffmpeg.</summary>
public sealed class JobTests(ITestOutputHelper output) : IDisposable
{
    private const string Prefix = "videos/v1/7";
    private readonly TestMedia _media = new();
    private readonly MemoryMediaStore _store = new();
    private readonly FakeWorkerApi _api = new();

    private static JobLease Lease(string sourceKey = "uploads/v1/source.mp4") =>
        new(7, Guid.NewGuid(), "v1", 1, sourceKey, Prefix, DateTimeOffset.UtcNow.AddSeconds(45));

    private JobProcessor Processor(string preset = "ultrafast") => new(
        _store, TestMedia.Prober(), TestMedia.Transcoder(preset), _api,
        Options.Create(new TranscodeOptions { Preset = preset, WorkDirectory = _media.PathOf("work") }),
        TimeProvider.System, new TestOutputLogger<JobProcessor>(output));

    private async Task UploadSourceAsync(string path, string key = "uploads/v1/source.mp4") =>
        await _store.PutFileAsync(key, path, "video/mp4", "", CancellationToken.None);

    [Fact]
    public async Task Job_publishes_a_complete_ladder_with_headers_and_reports_it()
    {
        await UploadSourceAsync(await _media.VideoAsync("source.mp4", 854, 480, 9));
        await _store.PutTextAsync($"{Prefix}/720p/seg_00009.ts", "left by an earlier attempt", "video/mp2t", "", CancellationToken.None);
        using var context = new JobLeaseContext(Lease());

        var result = await Processor().ProcessAsync(context, CancellationToken.None);

        Assert.Equal($"{Prefix}/master.m3u8", result.MasterPlaylistKey);
        Assert.Equal($"{Prefix}/poster.jpg", result.ThumbnailKey);
        Assert.Equal($"{Prefix}/storyboard.vtt", result.StoryboardKey);
        Assert.Equal(["240p", "360p", "480p"], result.Renditions.Select(r => r.Name));
        Assert.All(result.Renditions, r => Assert.True(r.Ready));
        Assert.Equal((854, 480, true), (result.Probe.Width, result.Probe.Height, result.Probe.HasAudio));

        var keys = _store.Objects.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.DoesNotContain($"{Prefix}/720p/seg_00009.ts", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith(Prefix, StringComparison.Ordinal) && k.EndsWith(".tmp", StringComparison.Ordinal));
        foreach (var rendition in result.Renditions)
        {
            var playlist = _store.Objects[rendition.PlaylistKey];
            Assert.Equal(("application/vnd.apple.mpegurl", "public, max-age=3600"), (playlist.ContentType, playlist.CacheControl));
            var parsed = MediaPlaylist.Parse(_store.Text(rendition.PlaylistKey));
            Assert.True(parsed.Ended);
            Assert.Equal(3, parsed.Segments.Count);
            Assert.All(parsed.Segments, s =>
                Assert.Equal(("video/mp2t", "public, max-age=31536000, immutable"),
                    (_store.Objects[$"{Prefix}/{rendition.Name}/{s.Uri}"].ContentType, _store.Objects[$"{Prefix}/{rendition.Name}/{s.Uri}"].CacheControl)));
        }

        Assert.Equal("image/jpeg", _store.Objects[$"{Prefix}/poster.jpg"].ContentType);
        // Right-sized posters: each width up to the source's (854: 320 and 640), as WebP and JPEG, really that size.
        Assert.Equal(
            [(320, 180, "image/jpeg"), (320, 180, "image/webp"), (640, 360, "image/jpeg"), (640, 360, "image/webp")],
            result.Posters!.Select(p => (p.Width, p.Height, p.ContentType)).Order());
        foreach (var poster in result.Posters!)
        {
            var stored = _store.Objects[poster.Key];
            Assert.Equal((poster.ContentType, "public, max-age=31536000, immutable"), (stored.ContentType, stored.CacheControl));
            var file = _media.PathOf(Path.GetFileName(poster.Key));
            await File.WriteAllBytesAsync(file, stored.Body);
            var size = await TestMedia.RunAsync(TestMedia.Tools.FfprobePath!, $"-v error -select_streams v:0 -show_entries stream=width,height,codec_name -of csv=p=0 \"{file}\"");
            Assert.Equal($"{(poster.ContentType == "image/webp" ? "webp" : "mjpeg")},{poster.Width},{poster.Height}", size.Trim());
        }

        Assert.Equal(result.Posters, _api.Progress.Last(p => p.Posters is not null).Posters);
        Assert.Equal("image/jpeg", _store.Objects[$"{Prefix}/storyboard.jpg"].ContentType);
        Assert.Equal("text/vtt", _store.Objects[$"{Prefix}/storyboard.vtt"].ContentType);
        Assert.Contains("\nstoryboard.jpg#xywh=0,0,160,90\n", _store.Text($"{Prefix}/storyboard.vtt"));
        var master = _store.Text(result.MasterPlaylistKey);
        Assert.All(result.Renditions, r => Assert.Contains($"\n{r.Name}/index.m3u8\n", master));
        Assert.Contains(_api.Progress, p => p.Probe is { Width: 854 });
        Assert.False(Directory.Exists(_media.PathOf("work")) && Directory.EnumerateFileSystemEntries(_media.PathOf("work")).Any());
    }

    [Fact]
    public async Task Video_is_playable_before_the_ladder_is_finished()
    {
        await UploadSourceAsync(await _media.VideoAsync("long.mp4", 1280, 720, 40, audio: false));
        using var context = new JobLeaseContext(Lease());

        var result = await Processor("veryfast").ProcessAsync(context, CancellationToken.None);

        var writes = _store.Writes.ToList();
        var master = writes.IndexOf(result.MasterPlaylistKey);
        var lastSegment = writes.FindLastIndex(k => k.EndsWith(".ts", StringComparison.Ordinal));
        Assert.InRange(master, 0, lastSegment - 1);
        Assert.Contains(_api.Progress, p => p.MasterPlaylistKey == result.MasterPlaylistKey && p.Progress < 90 && p.Renditions.All(r => r.Ready));
        Assert.Contains(_api.Progress, p => p.ThumbnailKey == result.ThumbnailKey && p.Progress < 50);
        var reported = _api.Progress.Select(p => p.Progress).ToList();
        Assert.Equal(reported.Order(), reported);
    }

    [Fact]
    public async Task Text_file_is_rejected_and_leaves_no_outputs()
    {
        var path = _media.PathOf("notes.mp4");
        await File.WriteAllTextAsync(path, "not a video at all");
        await UploadSourceAsync(path);
        await _store.PutTextAsync($"{Prefix}/240p/index.m3u8", "#EXTM3U\n", "application/vnd.apple.mpegurl", "", CancellationToken.None);
        using var context = new JobLeaseContext(Lease());

        await Assert.ThrowsAsync<MediaRejectedException>(() => Processor().ProcessAsync(context, CancellationToken.None));

        Assert.DoesNotContain(_store.Objects.Keys, k => k.StartsWith(Prefix, StringComparison.Ordinal));
        Assert.True(_store.Objects.ContainsKey("uploads/v1/source.mp4"));
    }

    [Fact]
    public async Task Truncated_file_with_its_index_up_front_is_rejected_after_decoding_and_leaves_no_outputs()
    {
        var full = await _media.GenerateAsync("faststart.mp4",
            "-f lavfi -i testsrc2=size=426x240:rate=30 -t 16 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -movflags +faststart");
        var bytes = await File.ReadAllBytesAsync(full);
        var truncated = _media.PathOf("truncated.mp4");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length * 4 / 10)]);
        await UploadSourceAsync(truncated);
        using var context = new JobLeaseContext(Lease());

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => Processor().ProcessAsync(context, CancellationToken.None));

        Assert.Contains("truncated", e.Message);
        Assert.DoesNotContain(_store.Objects.Keys, k => k.StartsWith(Prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runner_fails_a_rejected_input_permanently_with_its_reason_and_keeps_serving()
    {
        var path = _media.PathOf("notes.mp4");
        await File.WriteAllTextAsync(path, "not a video at all");
        await UploadSourceAsync(path, "uploads/bad");
        await UploadSourceAsync(await _media.VideoAsync("ok.mp4", 320, 240, 2), "uploads/good");
        _api.Enqueue(Lease("uploads/bad"));
        _api.Enqueue(Lease("uploads/good") with { JobId = 8, OutputPrefix = "videos/v2/8" });
        using var runner = Runner();

        await runner.StartAsync(CancellationToken.None);
        await TestMedia.WaitUntilAsync(() => !_api.Completed.IsEmpty, TimeSpan.FromSeconds(60));
        await runner.StopAsync(CancellationToken.None);

        var failure = Assert.Single(_api.Failed);
        Assert.True(failure.Permanent);
        Assert.Contains("not a readable video", failure.Reason);
        Assert.Equal("videos/v2/8/master.m3u8", Assert.Single(_api.Completed).MasterPlaylistKey);
    }

    [Fact]
    public async Task Runner_stops_work_when_the_lease_is_lost()
    {
        await UploadSourceAsync(await _media.VideoAsync("long.mp4", 1280, 720, 60, audio: false));
        _api.LeaseLength = TimeSpan.FromSeconds(3);
        _api.Enqueue(Lease());
        using var runner = Runner();
        var work = _media.PathOf("work");

        await runner.StartAsync(CancellationToken.None);
        // The ladder is encoding (its first segment is out, a minute of video to go)…
        await TestMedia.WaitUntilAsync(() => _store.Objects.Keys.Any(k => k.EndsWith(".ts", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "a first segment");
        Assert.NotEmpty(TestMedia.FfmpegWritingTo(work));

        // …when another worker gets the job: the runner stops its ffmpeg by itself, and starts nothing more.
        _api.RenewStatus = HttpStatusCode.Conflict;
        var renewals = _api.Renewals;
        await TestMedia.WaitUntilAsync(() => _api.Renewals > renewals, TimeSpan.FromSeconds(30), "a refused renewal");
        await TestMedia.WaitUntilAsync(() => TestMedia.FfmpegWritingTo(work).Count == 0, TimeSpan.FromSeconds(10), "ffmpeg to stop");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(TestMedia.FfmpegWritingTo(work));
        await runner.StopAsync(CancellationToken.None);

        Assert.Empty(_api.Completed);
        Assert.Empty(_api.Failed);
        Assert.Empty(_api.Released);
    }

    [Fact]
    public async Task Shutdown_kills_ffmpeg_releases_the_lease_and_cleans_up_within_the_shutdown_budget()
    {
        await UploadSourceAsync(await _media.VideoAsync("long.mp4", 1280, 720, 60, audio: false));
        var lease = Lease();
        _api.Enqueue(lease);
        using var runner = Runner();
        await runner.StartAsync(CancellationToken.None);
        await TestMedia.WaitUntilAsync(() => _store.Objects.ContainsKey($"{Prefix}/poster.jpg"), TimeSpan.FromSeconds(30));
        await TestMedia.WaitUntilAsync(() => TestMedia.FfmpegWritingTo(_media.PathOf("work")).Count > 0, TimeSpan.FromSeconds(30), "ffmpeg to encode");

        var stopping = DateTime.UtcNow;
        await runner.StopAsync(CancellationToken.None);

        // Within the host's shutdown budget (after it, the process is killed), with ffmpeg already gone.
        Assert.InRange(DateTime.UtcNow - stopping, TimeSpan.Zero, MediaWorker.Extensions.ShutdownTimeout);
        Assert.Empty(TestMedia.FfmpegWritingTo(_media.PathOf("work")));
        Assert.Equal(lease.Lease, Assert.Single(_api.Released).Lease);
        Assert.Empty(_api.Completed);
        Assert.Empty(_api.Failed);
        Assert.Empty(Directory.Exists(_media.PathOf("work")) ? Directory.GetFileSystemEntries(_media.PathOf("work")) : []);
    }

    private JobRunner Runner() => new(_api, Processor("veryfast"),
        Options.Create(new JobRunnerOptions { Concurrency = 1, ClaimWaitSeconds = 1 }), TimeProvider.System, new TestOutputLogger<JobRunner>(output));

    public void Dispose() => _media.Dispose();
}
