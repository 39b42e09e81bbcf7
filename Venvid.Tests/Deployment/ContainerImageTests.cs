using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Venvid.AppHost.Publishing;
using Venvid.Tests.Support;

namespace Venvid.Tests.Deployment;

/// <summary>
/// The image definitions, checked by reading them (base images cannot be pulled here): every service image has an
/// explicit base pinned to the runtime patch these tests run on and a numeric non-root user — the one the
/// Kubernetes output runs pods as — and the worker's base image adds ffmpeg and ffprobe to that same runtime.
/// </summary>
public sealed partial class ContainerImageTests
{
    private static readonly string RuntimePatch = $"{Environment.Version.Major}.{Environment.Version.Minor}.{Environment.Version.Build}";

    [Theory]
    [InlineData("Venvid.ApiService")]
    [InlineData("Venvid.Web")]
    [InlineData("Venvid.MediaWorker")]
    public async Task Every_service_image_has_a_pinned_base_and_a_numeric_non_root_user(string project)
    {
        var properties = await PropertiesAsync(project, "ContainerBaseImage", "ContainerUser", "VenvidRuntimeImageVersion");
        Assert.Equal(RuntimePatch, properties["VenvidRuntimeImageVersion"]);
        Assert.Equal(KubernetesManifests.AppUserId.ToString(), properties["ContainerUser"]);
        var image = properties["ContainerBaseImage"];
        Assert.DoesNotContain(":latest", image);
        Assert.Matches(project == "Venvid.MediaWorker"
            ? $"^venvid-worker-base:{Regex.Escape(RuntimePatch)}$"
            : $"^mcr\\.microsoft\\.com/dotnet/aspnet:{Regex.Escape(RuntimePatch)}-noble-chiseled$", image);
    }

    [Fact]
    public void The_worker_base_image_is_that_runtime_with_ffmpeg_and_the_same_user()
    {
        var lines = File.ReadAllLines(Path.Combine(ProjectProcesses.RepositoryRoot, "Venvid.MediaWorker", "Containerfile"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Matches($"^FROM mcr\\.microsoft\\.com/dotnet/aspnet:{Regex.Escape(RuntimePatch)}-[a-z-]+$", lines[0]);
        var run = string.Join(' ', lines.Where(l => !l.StartsWith("FROM", StringComparison.Ordinal) && !l.StartsWith("USER", StringComparison.Ordinal)));
        Assert.Matches(@"apt-get install -y --no-install-recommends ffmpeg\b", run);
        Assert.Contains("ffprobe -hide_banner -version", run);
        Assert.Equal($"USER {KubernetesManifests.AppUserId}", lines[^1]);
    }

    private static async Task<Dictionary<string, string>> PropertiesAsync(string project, params string[] names)
    {
        var start = new ProcessStartInfo("dotnet", ["msbuild", Path.Combine(ProjectProcesses.RepositoryRoot, project, project + ".csproj"),
            .. names.Select(n => $"-getProperty:{n}")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
        var properties = JsonDocument.Parse(output).RootElement.GetProperty("Properties");
        return names.ToDictionary(n => n, n => properties.GetProperty(n).GetString()!);
    }
}
