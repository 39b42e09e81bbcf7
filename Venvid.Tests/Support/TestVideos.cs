using System.Diagnostics;
using System.Globalization;

namespace Venvid.Tests.Support;

/// <summary>Test inputs made by ffmpeg on the spot, in a temporary folder deleted with this object.</summary>
public sealed class TestVideos : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("venvid-media-").FullName;

    /// <summary>
    /// A test pattern with a tone (or silent), optionally with rotation metadata like phones write. With
    /// <paramref name="noise"/> the picture is random noise at a near-lossless quantizer: a few seconds make a file
    /// large enough for a multipart upload of several parts.
    /// </summary>
    public async Task<string> GenerateAsync(
        int width, int height, double seconds, bool audio = true, int rotation = 0, int videoKbps = 1500, int fps = 25, string name = "",
        bool noise = false)
    {
        var inv = CultureInfo.InvariantCulture;
        var path = Path.Combine(_directory, $"{(name.Length > 0 ? name : $"{width}x{height}-{seconds}s")}-{Guid.NewGuid():n}.mp4");
        var args = string.Create(inv, $"-hide_banner -loglevel error -y -f lavfi -i testsrc2=size={width}x{height}:rate={fps}:duration={seconds}");
        if (audio)
        {
            args += string.Create(inv, $" -f lavfi -i sine=frequency=440:sample_rate=48000:duration={seconds}");
        }

        args += noise
            ? " -vf noise=alls=100:allf=t+u -c:v libx264 -preset ultrafast -qp 1 -pix_fmt yuv420p"
            : string.Create(inv, $" -c:v libx264 -preset ultrafast -b:v {videoKbps}k -pix_fmt yuv420p");
        if (audio)
        {
            args += " -c:a aac -b:a 96k -shortest";
        }

        if (rotation == 0)
        {
            await RunAsync("ffmpeg", args + $" \"{path}\"");
            return path;
        }

        // Phones store portrait video as landscape frames plus a display rotation: write it the same way.
        var plain = Path.Combine(_directory, $"plain-{Guid.NewGuid():n}.mp4");
        await RunAsync("ffmpeg", args + $" \"{plain}\"");
        await RunAsync("ffmpeg", string.Create(inv, $"-hide_banner -loglevel error -y -i \"{plain}\" -c copy -metadata:s:v:0 rotate={rotation} \"{path}\""));
        return path;
    }

    public string WriteFile(string fileName, byte[] content)
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Folder => _directory;

    public static async Task<string> RunAsync(string tool, string arguments, TimeSpan? timeout = null)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments} exited {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
