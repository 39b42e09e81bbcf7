using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Venvid.MediaWorker.Media;

public sealed class MediaToolOptions
{
    /// <summary>Folder holding <c>ffmpeg</c> and <c>ffprobe</c>; empty means the PATH.</summary>
    public string BinaryFolder { get; set; } = "";
}

/// <summary>Finds ffmpeg/ffprobe once at start and says clearly what is missing.</summary>
public sealed class FfmpegTools
{
    public FfmpegTools(string binaryFolder)
    {
        FfmpegPath = Resolve(binaryFolder, "ffmpeg");
        FfprobePath = Resolve(binaryFolder, "ffprobe");
        FfmpegVersion = FfmpegPath is null ? null : ReadVersion(FfmpegPath);
    }

    public string? FfmpegPath { get; }
    public string? FfprobePath { get; }
    public string? FfmpegVersion { get; }
    public bool Available => FfmpegPath is not null && FfprobePath is not null && FfmpegVersion is not null;

    /// <summary>FFMpegCore's options pointing at the binaries found here.</summary>
    public FFMpegCore.FFOptions Options => new()
    {
        BinaryFolder = Path.GetDirectoryName(FfmpegPath ?? "") ?? "",
        TemporaryFilesFolder = Path.GetTempPath(),
    };

    public string Describe() => Available
        ? $"ffmpeg {FfmpegVersion} at {FfmpegPath}, ffprobe at {FfprobePath}"
        : $"ffmpeg/ffprobe not found ({(FfmpegPath is null ? "ffmpeg missing" : "ffmpeg ok")}, {(FfprobePath is null ? "ffprobe missing" : "ffprobe ok")}). " +
          "Install them (Debian: apt-get install ffmpeg) or set Venvid:Media:BinaryFolder.";

    private static string? Resolve(string folder, string name)
    {
        if (!string.IsNullOrEmpty(folder))
        {
            var candidate = Path.Combine(folder, name);
            return File.Exists(candidate) ? candidate : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? ReadVersion(string ffmpeg)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(ffmpeg, "-hide_banner -version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return null;
            }

            var firstLine = process.StandardOutput.ReadLine() ?? "";
            process.WaitForExit(10_000);
            // "ffmpeg version 5.1.6-0+deb12u1 Copyright ..."
            var parts = firstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return process.ExitCode == 0 && parts.Length >= 3 ? parts[2] : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

internal sealed class FfmpegHealthCheck(FfmpegTools tools) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(tools.Available ? HealthCheckResult.Healthy(tools.Describe()) : HealthCheckResult.Unhealthy(tools.Describe()));
}
