using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Venvid.MediaWorker.Media;

namespace Venvid.Tests.Media;

/// <summary>Generates test media with the real ffmpeg into a scratch folder that is removed afterwards.</summary>
public sealed class TestMedia : IDisposable
{
    public static readonly FfmpegTools Tools = new("");

    /// <summary>The ffmpeg processes whose command line writes under <paramref name="path"/> (a test's own folder).</summary>
    public static IReadOnlyList<int> FfmpegWritingTo(string path) =>
        [.. Process.GetProcessesByName("ffmpeg").Where(p => Support.ProjectProcesses.CommandLine(p.Id).Contains(path, StringComparison.Ordinal)).Select(p => p.Id)];

    /// <summary>Waits for <paramref name="condition"/>; failing, after <paramref name="timeout"/>, with what was awaited.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string awaited = "the worker")
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {awaited}.");
            await Task.Delay(50);
        }
    }

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("venvid-media-tests-").FullName;

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Runs ffmpeg with <paramref name="arguments"/> (inputs and options) writing <paramref name="name"/>.</summary>
    public async Task<string> GenerateAsync(string name, string arguments)
    {
        var output = PathOf(name);
        await RunAsync(Tools.FfmpegPath!, $"-hide_banner -loglevel error -y {arguments} \"{output}\"");
        return output;
    }

    /// <summary>A test pattern with a tone; <paramref name="audio"/> false makes a silent video.</summary>
    public Task<string> VideoAsync(string name, int width, int height, double seconds, bool audio = true, int rate = 30) =>
        GenerateAsync(name,
            $"-f lavfi -i testsrc2=size={width}x{height}:rate={rate} " +
            (audio ? "-f lavfi -i sine=frequency=440:sample_rate=48000 " : "") +
            $"-t {seconds} -c:v libx264 -preset ultrafast -pix_fmt yuv420p " + (audio ? "-c:a aac -shortest" : ""));

    public static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {arguments} exited {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }

    public static Prober Prober(MediaLimits? limits = null) => new(Tools, Options.Create(limits ?? new MediaLimits()));

    public static HlsTranscoder Transcoder(string preset = "ultrafast") =>
        new(Tools, Options.Create(new MediaLimits()), Options.Create(new TranscodeOptions { Preset = preset }), NullLogger<HlsTranscoder>.Instance);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing a file; the OS cleans temp folders.
        }
    }
}
