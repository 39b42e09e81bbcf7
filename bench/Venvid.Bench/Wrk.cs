using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Venvid.Bench;

public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, string SocketErrors)
{
    public string Describe() =>
        $"{Fmt.N0(RequestsPerSecond)} req/s (p50 {Fmt.Ms(P50Ms)}, p99 {Fmt.Ms(P99Ms)})"
        + (Non2xx > 0 ? $", {Fmt.N0(Non2xx)} non-2xx" : "")
        + (SocketErrors.Length > 0 ? $", socket errors: {SocketErrors}" : "");
}

/// <summary>Runs the Debian <c>wrk</c> with fixed threads, connections and duration, and parses <c>--latency</c> output.</summary>
public static partial class Wrk
{
    public static int Threads => Settings.Int("BENCH_WRK_THREADS", 2);
    public static int Connections => Settings.Int("BENCH_WRK_CONNECTIONS", 32);
    public static int Seconds => Settings.Int("BENCH_WRK_SECONDS", 10);
    public static int WarmupSeconds => Settings.Int("BENCH_WRK_WARMUP_SECONDS", 3);

    public static string Shape => $"wrk -t{Threads} -c{Connections} -d{Seconds}s";

    public static async Task<WrkResult> RunAsync(string url, string? script = null, int? seconds = null)
    {
        var psi = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { $"-t{Threads}", $"-c{Connections}", $"-d{seconds ?? Seconds}s", "--latency", "--timeout", "5s" })
        {
            psi.ArgumentList.Add(a);
        }

        if (script is not null)
        {
            psi.ArgumentList.Add("-s");
            psi.ArgumentList.Add(script);
        }

        psi.ArgumentList.Add(url);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("wrk did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {text}{await stderr}");
        }

        return Parse(text);
    }

    public static WrkResult Parse(string text)
    {
        var rps = double.Parse(RpsRegex().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(RequestsRegex().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonRegex().Match(text) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketRegex().Match(text) is { Success: true } s ? s.Groups[1].Value.Trim() : "";
        return new WrkResult(rps, Percentile(text, "50"), Percentile(text, "99"), requests, non2xx, socket);
    }

    private static double Percentile(string text, string p)
    {
        var m = Regex.Match(text, $@"^\s*{p}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!m.Success)
        {
            return double.NaN;
        }

        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "ms" => v, "s" => v * 1000, _ => v * 60_000 };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsRegex();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsRegex();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonRegex();

    [GeneratedRegex(@"Socket errors:(.*)")]
    private static partial Regex SocketRegex();
}

public static class Settings
{
    public static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
}
