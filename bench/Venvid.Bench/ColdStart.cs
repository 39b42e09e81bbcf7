using System.Diagnostics;
using System.Net.Sockets;

namespace Venvid.Bench;

/// <summary>
/// Benchmark 6: the run command (the AppHost as <c>scripts/run.sh</c> starts it, on a fresh state directory and then
/// again on the same one) to all-healthy, against bare Kestrel's start to its first answer; optionally the test suite.
/// </summary>
public static class ColdStart
{
    private static readonly int[] Ports = [5080, 5380, 15180];

    public static async Task<List<Row>> RunAsync(bool withTests)
    {
        Console.WriteLine("6 cold start: AppHost to all-healthy");
        var rows = new List<Row>();
        var bare = await BareStartAsync();
        Console.WriteLine($"    bare Kestrel start to first 200: {Fmt.S(bare)}");
        var busy = Ports.Where(InUse).ToList();
        if (busy.Count > 0)
        {
            rows.Add(new("6 cold start", "run command to all-healthy", Fmt.S(bare), $"skipped: port(s) {string.Join(", ", busy)} in use (is ./scripts/run.sh running?)", "—", "—", "—"));
        }
        else
        {
            var state = Path.Combine(Path.GetTempPath(), "venvid-bench-cold-" + Guid.NewGuid().ToString("n")[..8]);
            try
            {
                var fresh = await AppHostToHealthyAsync(state);
                Console.WriteLine($"    AppHost, fresh state directory: {Describe(fresh)}");
                var again = await AppHostToHealthyAsync(state);
                Console.WriteLine($"    AppHost, existing state directory: {Describe(again)}");
                rows.Add(Row("6 cold start, fresh data", "dotnet run --project Venvid.AppHost --no-build (as scripts/run.sh) on an empty state directory (initdb, migrations) until :5080/health and :5380/health answer 200", bare, fresh));
                rows.Add(Row("6 start, existing data", "same command again on the same state directory", bare, again));
            }
            finally
            {
                try
                {
                    Directory.Delete(state, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        if (withTests)
        {
            Console.WriteLine("6 test suite: ./scripts/test.sh");
            var clock = Stopwatch.StartNew();
            var log = Path.Combine(Paths.Bench, "results", "test-suite.log");
            using var process = OsProcess.StartGroup(Path.Combine(Paths.Repo, "scripts", "test.sh"), [], Paths.Repo, logPath: log);
            await process.WaitForExitAsync();
            var summary = File.ReadLines(log).LastOrDefault(l => l.Contains(" passed, ", StringComparison.Ordinal)) ?? $"exit code {process.ExitCode}";
            rows.Add(new("6 test suite", "./scripts/test.sh wall time (set-up, Vitest, xunit with the real AppHost); log in results/test-suite.log",
                "—", $"{Fmt.S(clock.Elapsed.TotalSeconds)} ({summary})", "—", "—", process.ExitCode == 0 ? "—" : "no (tests failed)"));
        }
        else
        {
            rows.Add(new("6 test suite", "./scripts/test.sh wall time", "—", "not run (bench/run.sh coldstart --with-tests)", "—", "—", "—"));
        }

        return rows;
    }

    private static string Describe(double? seconds) => seconds is { } s ? Fmt.S(s) : "did not become healthy within 180 s";

    private static Row Row(string name, string what, double bare, double? seconds) =>
        new(name, what, $"{Fmt.S(bare)} (bare Kestrel start to first 200)", Describe(seconds),
            seconds is { } s ? Fmt.F(s / bare, 1) : "—", "—", seconds is null ? "no" : "—");

    private static bool InUse(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<double> BareStartAsync()
    {
        var port = Platform.FreePort();
        var clock = Stopwatch.StartNew();
        using var process = OsProcess.StartGroup("dotnet", [Bare.Dll, "--urls", $"http://127.0.0.1:{port}"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ok = await OsProcess.WaitHealthyAsync(http, [$"http://127.0.0.1:{port}/health"], TimeSpan.FromSeconds(30), process);
        var seconds = clock.Elapsed.TotalSeconds;
        await OsProcess.StopGroupAsync(process, TimeSpan.FromSeconds(10));
        return ok ? seconds : double.NaN;
    }

    private static async Task<double?> AppHostToHealthyAsync(string state)
    {
        var env = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_ENVIRONMENT"] = "Development" };
        var log = Path.Combine(Paths.Bench, "results", "coldstart-apphost.log");
        var clock = Stopwatch.StartNew();
        using var process = OsProcess.StartGroup("dotnet",
            ["run", "--project", Path.Combine(Paths.Repo, "Venvid.AppHost"), "--no-build", "-c", "Release", "--launch-profile", "http", "--", $"--Venvid:StateDirectory={state}"],
            Paths.Repo, env, log);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ok = await OsProcess.WaitHealthyAsync(http, ["http://localhost:5080/health", "http://localhost:5380/health"], TimeSpan.FromSeconds(180), process);
        var seconds = clock.Elapsed.TotalSeconds;
        await OsProcess.StopGroupAsync(process, TimeSpan.FromSeconds(60));

        // The orchestrator stops its resources asynchronously; wait until the ports are free before going on.
        for (var i = 0; i < 60 && Ports.Any(InUse); i++)
        {
            await Task.Delay(500);
        }

        return ok ? seconds : null;
    }
}
