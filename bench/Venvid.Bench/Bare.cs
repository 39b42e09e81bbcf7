using System.Diagnostics;

namespace Venvid.Bench;

/// <summary>The bare Kestrel baseline (bench/BareKestrel, Release), serving the given JSON bodies from memory.</summary>
public sealed class Bare : IAsyncDisposable
{
    private readonly Process _process;

    private Bare(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static string Dll => Path.Combine(Paths.Bench, "BareKestrel", "bin", "Release", "net10.0", "BareKestrel.dll");

    public static async Task<Bare> StartAsync(string bodiesDirectory)
    {
        var port = Platform.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var process = OsProcess.StartGroup("dotnet", [Dll, "--urls", url.ToString(), "--dir", bodiesDirectory]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        if (!await OsProcess.WaitHealthyAsync(http, [new Uri(url, "/health").ToString()], TimeSpan.FromSeconds(30), process))
        {
            throw new InvalidOperationException("bare Kestrel did not start");
        }

        return new Bare(process, url);
    }

    public async ValueTask DisposeAsync() => await OsProcess.StopGroupAsync(_process, TimeSpan.FromSeconds(10));
}

public static class Paths
{
    /// <summary>The bench/ folder (the harness runs from bench/Venvid.Bench/bin/Release/net10.0).</summary>
    public static string Bench { get; } = Environment.GetEnvironmentVariable("BENCH_DIR")
        ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));

    public static string Repo => Path.GetFullPath(Path.Combine(Bench, ".."));
}
