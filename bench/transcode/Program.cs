using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Venvid.MediaWorker.Jobs;
using Venvid.MediaWorker.Media;
using Venvid.MediaWorker.Storage;

// Transcoding benchmark (issue 4): the pipeline's single pass against a hand-written ffmpeg command for the same
// ladder, its CPU cost against one ffmpeg pass per rendition, and how soon the video is playable.
//   dotnet run -c Release -- [--seconds 60] [--repeat 1] [--readme ../README.md]

var seconds = IntArg("--seconds", 60);
var repeat = IntArg("--repeat", 1);
var readme = StringArg("--readme");
var preset = new TranscodeOptions().Preset;
var inv = CultureInfo.InvariantCulture;

var tools = new FfmpegTools("");
if (!tools.Available)
{
    Console.Error.WriteLine(tools.Describe());
    return 1;
}

var root = Directory.CreateTempSubdirectory("venvid-bench-").FullName;
var source = Path.Combine(root, "source.mp4");
var limits = new MediaLimits();
try
{
    Console.WriteLine($"Generating a {seconds} s 1080p30 clip with audio ...");
    await Ffmpeg($"-f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 -t {seconds} " +
                 $"-c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest \"{source}\"");

    var probe = await new Prober(tools, Options.Create(limits)).ProbeAsync(source, CancellationToken.None);
    var ladder = Ladder.For(probe.DisplayWidth, probe.DisplayHeight);
    if (ladder.Count != 5 || !probe.HasAudio)
    {
        throw new InvalidOperationException("The hand-written commands below are for a 1080p source with audio.");
    }

    var pipelineRuns = new List<PipelineRun>();
    var handRuns = new List<Measured>();
    for (var i = 0; i < repeat; i++)
    {
        Console.WriteLine($"Run {i + 1}/{repeat}: hand-written single-pass ladder ...");
        handRuns.Add(await HandWrittenLadderAsync(Fresh($"hand{i}")));
        Console.WriteLine($"Run {i + 1}/{repeat}: pipeline ...");
        pipelineRuns.Add(await PipelineAsync(Fresh($"pipeline{i}")));
    }

    Console.WriteLine("One ffmpeg pass per rendition ...");
    var perRendition = new List<Measured>();
    foreach (var rung in ladder)
    {
        perRendition.Add(await SingleRenditionAsync(Fresh("per-rendition"), rung));
    }

    var pipeline = pipelineRuns.MinBy(r => r.Total.Wall)!;
    var hand = handRuns.MinBy(r => r.Wall)!;
    var perRenditionWall = perRendition.Sum(m => m.Wall);
    var perRenditionCpu = perRendition.Sum(m => m.Cpu);

    var table = new StringBuilder();
    table.AppendLine(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, ffmpeg {tools.FfmpegVersion}, x264 preset {preset}; " +
                          $"source {seconds} s 1920x1080 30 fps H.264 + AAC; ladder {string.Join("/", ladder.Select(r => r.Name))}; best of {repeat}.");
    table.AppendLine();
    table.AppendLine("| measure | pipeline | comparison | ratio | goal |");
    table.AppendLine("|---|---|---|---|---|");
    table.AppendLine(inv, $"| wall time, whole ladder | {pipeline.Total.Wall:0.0} s (probe, poster, single pass, publish) | {hand.Wall:0.0} s (hand-written ffmpeg command) | {pipeline.Total.Wall / hand.Wall:0.00} | ≤ 1.05 |");
    table.AppendLine(inv, $"| CPU seconds (user+sys), ladder encode | {pipeline.Encode.Cpu:0.0} s (one decode, split) | {perRenditionCpu:0.0} s (one pass per rendition, {perRenditionWall:0.0} s wall) | {pipeline.Encode.Cpu / perRenditionCpu:0.00} | ≤ 0.85 |");
    table.AppendLine(inv, $"| time to first playable segment (lowest rung on disk) | {pipeline.FirstSegment:0.0} s | {pipeline.Total.Wall:0.0} s (full ladder) | {pipeline.FirstSegment / pipeline.Total.Wall:0.00} | ≤ 0.30 |");
    table.AppendLine(inv, $"| time to published master playlist (every rung has a segment) | {pipeline.MasterPublished:0.0} s | {pipeline.Total.Wall:0.0} s (full ladder) | {pipeline.MasterPublished / pipeline.Total.Wall:0.00} | — |");
    table.AppendLine(inv, $"| CPU seconds, whole pipeline vs hand-written single pass | {pipeline.Total.Cpu:0.0} s | {hand.Cpu:0.0} s | {pipeline.Total.Cpu / hand.Cpu:0.00} | — |");

    Console.WriteLine();
    Console.Write(table);
    if (readme is not null)
    {
        WriteReadme(readme, table.ToString());
        Console.WriteLine($"\nWritten to {readme}");
    }

    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}

async Task<PipelineRun> PipelineAsync(string directory)
{
    var output = Directory.CreateDirectory(Path.Combine(directory, "out")).FullName;
    var store = new DirectoryMediaStore(Path.Combine(directory, "published"));
    var transcoder = new HlsTranscoder(tools, Options.Create(limits), Options.Create(new TranscodeOptions { Preset = preset }), NullLogger<HlsTranscoder>.Instance);
    var clock = Stopwatch.StartNew();
    var cpuStart = ChildCpuSeconds();

    var probed = await new Prober(tools, Options.Create(limits)).ProbeAsync(source, CancellationToken.None);
    var rungs = Ladder.For(probed.DisplayWidth, probed.DisplayHeight);
    var storyboard = Storyboard.For(probed.DurationSeconds, probed.DisplayWidth, probed.DisplayHeight);
    var poster = await transcoder.ExtractPosterAsync(source, directory, probed, CancellationToken.None);
    await store.PutFileAsync("v/poster.jpg", poster, MediaHeaders.Jpeg, MediaHeaders.Immutable, CancellationToken.None);

    var publisher = new SegmentPublisher(store, output, "v", rungs, probed, NullLogger.Instance);
    double? firstSegment = null, masterPublished = null;
    using var stop = new CancellationTokenSource();
    var publishing = publisher.RunAsync(stop.Token, CancellationToken.None);
    var watching = Task.Run(async () =>
    {
        var lowest = Path.Combine(output, rungs[0].Name);
        while (!stop.IsCancellationRequested && masterPublished is null)
        {
            if (firstSegment is null && Directory.Exists(lowest) && Directory.EnumerateFiles(lowest, "*.ts").Any())
            {
                firstSegment = clock.Elapsed.TotalSeconds;
            }

            if (publisher.MasterPublished)
            {
                masterPublished = clock.Elapsed.TotalSeconds;
            }

            await Task.Delay(20);
        }
    });

    var encodeCpuStart = ChildCpuSeconds();
    var encodeClock = Stopwatch.StartNew();
    await transcoder.TranscodeAsync(source, output, probed, rungs, storyboard, _ => { }, CancellationToken.None);
    var encode = new Measured(encodeClock.Elapsed.TotalSeconds, ChildCpuSeconds() - encodeCpuStart);

    await stop.CancelAsync();
    await publishing;
    await watching;
    await publisher.PublishPendingAsync(CancellationToken.None);
    await store.PutFileAsync("v/storyboard.jpg", Path.Combine(output, HlsTranscoder.StoryboardImage), MediaHeaders.Jpeg, MediaHeaders.Immutable, CancellationToken.None);
    await store.PutTextAsync("v/storyboard.vtt", storyboard.ToWebVtt(HlsTranscoder.StoryboardImage, probed.DurationSeconds), MediaHeaders.WebVtt, MediaHeaders.Immutable, CancellationToken.None);
    if (!publisher.Ended)
    {
        throw new InvalidOperationException("The pipeline did not end every playlist.");
    }

    var total = new Measured(clock.Elapsed.TotalSeconds, ChildCpuSeconds() - cpuStart);
    return new PipelineRun(total, encode, firstSegment ?? double.NaN, masterPublished ?? total.Wall);
}

// The same ladder as the pipeline, written out by hand: what an engineer would type for this 1080p source.
async Task<Measured> HandWrittenLadderAsync(string directory) => await Measure(
    $"-i \"{source}\" " +
    "-filter_complex \"[0:v]split=5[a][b][c][d][e];[a]scale=426:240[v0];[b]scale=640:360[v1];[c]scale=852:480[v2];[d]scale=1280:720[v3];[e]scale=1920:1080[v4]\" " +
    "-map [v0] -map 0:a -map [v1] -map 0:a -map [v2] -map 0:a -map [v3] -map 0:a -map [v4] -map 0:a " +
    $"-c:v libx264 -preset {preset} -profile:v main -pix_fmt yuv420p -g 120 -keyint_min 120 -sc_threshold 0 " +
    "-b:v:0 400k -maxrate:v:0 428k -bufsize:v:0 600k -b:v:1 800k -maxrate:v:1 856k -bufsize:v:1 1200k " +
    "-b:v:2 1400k -maxrate:v:2 1498k -bufsize:v:2 2100k -b:v:3 2800k -maxrate:v:3 2996k -bufsize:v:3 4200k " +
    "-b:v:4 5000k -maxrate:v:4 5350k -bufsize:v:4 7500k -c:a aac -b:a 128k -ac 2 -ar 48000 " +
    "-f hls -hls_time 4 -hls_playlist_type vod -hls_segment_filename \"" + directory + "/%v/seg_%05d.ts\" " +
    "-var_stream_map \"v:0,a:0,name:240p v:1,a:1,name:360p v:2,a:2,name:480p v:3,a:3,name:720p v:4,a:4,name:1080p\" " +
    "\"" + directory + "/%v/index.m3u8\"");

// One rendition per ffmpeg run, as PeerTube does: the source is decoded again for every rung.
async Task<Measured> SingleRenditionAsync(string directory, Rung rung) => await Measure(string.Create(inv,
    $"-i \"{source}\" -vf scale={rung.Width}:{rung.Height} -map 0:v:0 -map 0:a:0 " +
    $"-c:v libx264 -preset {preset} -profile:v main -pix_fmt yuv420p -g 120 -keyint_min 120 -sc_threshold 0 " +
    $"-b:v {rung.VideoKbps}k -maxrate {rung.MaxRateKbps}k -bufsize {rung.BufferKbps}k -c:a aac -b:a 128k -ac 2 -ar 48000 " +
    $"-f hls -hls_time 4 -hls_playlist_type vod -hls_segment_filename \"{directory}/{rung.Name}_%05d.ts\" \"{directory}/{rung.Name}.m3u8\""));

async Task<Measured> Measure(string arguments)
{
    var cpu = ChildCpuSeconds();
    var clock = Stopwatch.StartNew();
    await Ffmpeg(arguments);
    return new Measured(clock.Elapsed.TotalSeconds, ChildCpuSeconds() - cpu);
}

async Task Ffmpeg(string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(tools.FfmpegPath!, "-hide_banner -loglevel error -nostdin -y " + arguments)
    {
        RedirectStandardError = true,
    })!;
    var errors = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"ffmpeg {arguments} failed: {await errors}");
    }
}

string Fresh(string name)
{
    var path = Path.Combine(root, name);
    if (Directory.Exists(path))
    {
        Directory.Delete(path, recursive: true);
    }

    return Directory.CreateDirectory(path).FullName;
}

static double ChildCpuSeconds() => RUsage.ChildrenCpuSeconds();

static void WriteReadme(string path, string table)
{
    const string heading = "## Transcoding";
    var section = $"{heading}\n\nRun `bench/transcode/run.sh` (about ten minutes on two cores). Wall times are sensitive to other load on the machine.\n\n{table}";
    var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
    var start = text.IndexOf(heading, StringComparison.Ordinal);
    if (start < 0)
    {
        text = text.TrimEnd() + "\n\n" + section;
    }
    else
    {
        var next = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        text = text[..start] + section + (next < 0 ? "" : "\n" + text[(next + 1)..]);
    }

    File.WriteAllText(path, text.TrimEnd() + "\n");
}

int IntArg(string name, int fallback) => StringArg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string? StringArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

internal sealed record Measured(double Wall, double Cpu);

internal sealed record PipelineRun(Measured Total, Measured Encode, double FirstSegment, double MasterPublished);

/// <summary>"Publishes" into a local folder, so the benchmark measures the pipeline rather than a network.</summary>
internal sealed class DirectoryMediaStore(string root) : IMediaStore
{
    public Task DownloadAsync(string key, string path, CancellationToken ct) => throw new NotSupportedException();

    public Task PutFileAsync(string key, string path, string contentType, string cacheControl, CancellationToken ct)
    {
        File.Copy(path, Target(key), overwrite: true);
        return Task.CompletedTask;
    }

    public Task PutTextAsync(string key, string text, string contentType, string cacheControl, CancellationToken ct) =>
        File.WriteAllTextAsync(Target(key), text, ct);

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken ct) => Task.FromResult(0);

    private string Target(string key)
    {
        var path = Path.Combine(root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}

/// <summary>CPU time of finished child processes (ffmpeg, ffprobe) from getrusage(RUSAGE_CHILDREN).</summary>
internal static class RUsage
{
    private const int Children = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Usage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out Usage usage);

    public static double ChildrenCpuSeconds()
    {
        if (getrusage(Children, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed ({Marshal.GetLastPInvokeError()}).");
        }

        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }
}
