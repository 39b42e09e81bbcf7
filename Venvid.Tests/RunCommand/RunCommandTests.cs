using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Venvid.Tests.Support;

namespace Venvid.Tests.RunCommand;

/// <summary>
/// Alone, after every other collection: the run command takes the launch profile's fixed ports and the region pair's,
/// which the region-pair collection holds while it runs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunCommandCollection
{
    public const string Name = "Run command";
}

/// <summary>
/// The README's run command as a person runs it: in a terminal, on the launch profile's fixed ports, stopped with
/// Ctrl+C. Here in its region-pair form (<c>--pair</c>), which has the most to get wrong: two regions' APIs on ports
/// of their own, the gateway routing between them, and twice the processes to stop.
/// </summary>
[Collection(RunCommandCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    private const string Region = "X-Venvid-Region";
    private static readonly Uri Web = new("http://localhost:5080");
    private static readonly TimeSpan StartAllowance = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopAllowance = TimeSpan.FromSeconds(60);

    private readonly string _state = Path.Combine(Path.GetTempPath(), "venvid-run-" + Guid.NewGuid().ToString("n")[..8]);
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task The_pair_answers_each_region_on_its_own_port_fails_over_and_stops_on_one_ctrl_c()
    {
        await using (var run = Terminal.Start("./scripts/run.sh --pair", _state))
        {
            await run.WaitForOutputAsync("ready:", StartAllowance);

            // Each region's API on its own port: Canada 5380, Europe 5381.
            Assert.Equal("ca", await AnsweredByAsync(new Uri("http://localhost:5380/api/videos?limit=1")));
            Assert.Equal("eu", await AnsweredByAsync(new Uri("http://localhost:5381/api/videos?limit=1")));

            // Through the web host, as README documents: header, then the CDN's country, then Canada.
            Assert.Equal("ca", await AnsweredByAsync(new Uri(Web, "/api/videos?limit=1"), (Region, "ca")));
            Assert.Equal("eu", await AnsweredByAsync(new Uri(Web, "/api/videos?limit=1"), (Region, "eu")));
            Assert.Equal("eu", await AnsweredByAsync(new Uri(Web, "/api/videos?limit=1"), ("CloudFront-Viewer-Country", "DE")));
            Assert.Equal("ca", await AnsweredByAsync(new Uri(Web, "/api/videos?limit=1"), ("CloudFront-Viewer-Country", "CA")));
            Assert.Equal("ca", await AnsweredByAsync(new Uri(Web, "/api/videos?limit=1")));

            // Europe's APIs stopped as Kubernetes stops a pod: its traffic goes to Canada, no request fails.
            var europe = run.Processes().Where(pid => ProjectProcesses.CommandLine(pid).Contains("Venvid.ApiService", StringComparison.Ordinal)
                && !ProjectProcesses.CommandLine(pid).Contains(".csproj", StringComparison.Ordinal)
                && ProjectProcesses.Environment(pid).GetValueOrDefault("Venvid__Region") == "eu").ToList();
            Assert.Equal(2, europe.Count);
            europe.ForEach(pid => Signal("TERM", pid));
            await SeededVideos.EventuallyAsync(() => Task.FromResult(europe.All(Exited)), TimeSpan.FromSeconds(30));
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal("ca", await AnsweredByAsync(new Uri(Web, "/api/videos?limit=1"), (Region, "eu")));
            }

            // One Ctrl+C, as a terminal sends it: every process the command started is gone within the allowance.
            var started = run.Processes();
            Assert.True(started.Count > 10, $"expected the platform's processes under the command, found {started.Count}");
            run.PressCtrlC();
            await run.WaitForExitAsync(StopAllowance);
            await SeededVideos.EventuallyAsync(() => Task.FromResult(started.All(Exited)), TimeSpan.FromSeconds(15));
            Assert.DoesNotContain(Process.GetProcesses(), p => ProjectProcesses.CommandLine(p.Id).Contains(_state, StringComparison.Ordinal));
            Assert.Contains("stopped (exit status", run.Output, StringComparison.Ordinal);
        }

        // The data is intact: the next start finds it (the replica resumes from its own copy) and serves.
        await using (var again = Terminal.Start("./scripts/run.sh --pair", _state))
        {
            await again.WaitForOutputAsync("ready:", StartAllowance);
            Assert.Equal("eu", await AnsweredByAsync(new Uri(Web, "/api/videos?limit=1"), (Region, "eu")));
            var started = again.Processes();
            again.PressCtrlC();
            await again.WaitForExitAsync(StopAllowance);
            await SeededVideos.EventuallyAsync(() => Task.FromResult(started.All(Exited)), TimeSpan.FromSeconds(15));
        }
    }

    private async Task<string> AnsweredByAsync(Uri url, params (string Name, string Value)[] headers)
    {
        // A query of its own: an answer the edge has cached would come from no region at all.
        url = new Uri(url + (url.Query.Length > 0 ? "&" : "?") + "uncached=" + Guid.NewGuid().ToString("n"));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues(Region));
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static bool Exited(int pid)
    {
        try
        {
            // A zombie has exited; only its parent has not collected it yet.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A command run in a pseudo-terminal (util-linux <c>script</c>), which turns a typed ^C into SIGINT for the foreground job.</summary>
    private sealed class Terminal : IAsyncDisposable
    {
        private readonly Process _script;
        private readonly StringBuilder _output = new();

        private Terminal(Process script) => _script = script;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static Terminal Start(string command, string state)
        {
            // As a person's interactive shell starts a foreground job: SIGINT at its default, whatever this process had.
            var start = new ProcessStartInfo("script", ["-qfec", "env --default-signal=INT " + command, "/dev/null"])
            {
                WorkingDirectory = ProjectProcesses.RepositoryRoot,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["Venvid__StateDirectory"] = state;
            // The test command has just done the set-up (packages, npm, the build).
            start.Environment["VENVID_SKIP_SETUP"] = "1";
            var terminal = new Terminal(Process.Start(start)!);
            terminal._script.OutputDataReceived += (_, line) => terminal.Append(line.Data);
            terminal._script.ErrorDataReceived += (_, line) => terminal.Append(line.Data);
            terminal._script.BeginOutputReadLine();
            terminal._script.BeginErrorReadLine();
            return terminal;
        }

        public async Task WaitForOutputAsync(string text, TimeSpan allowance)
        {
            var deadline = DateTime.UtcNow + allowance;
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (_script.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new Xunit.Sdk.XunitException($"The run command did not print '{text}' (exited: {_script.HasExited}):\n{Tail()}");
                }

                await Task.Delay(500);
            }
        }

        /// <summary>What a terminal does on Ctrl+C: the line discipline sends SIGINT to the foreground process group.</summary>
        public void PressCtrlC()
        {
            _script.StandardInput.Write('\u0003');
            _script.StandardInput.Flush();
        }

        public async Task WaitForExitAsync(TimeSpan allowance)
        {
            using var cts = new CancellationTokenSource(allowance);
            try
            {
                await _script.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"The run command was still running {allowance} after Ctrl+C:\n{Tail()}");
            }
        }

        /// <summary>
        /// Every process of the command now: those below the terminal, and Aspire's orchestrator (DCP), which runs
        /// detached, names the AppHost it serves with <c>--monitor</c>, and runs every resource below it.
        /// </summary>
        public List<int> Processes()
        {
            var children = new Dictionary<int, List<int>>();
            var monitoring = new Dictionary<int, List<int>>();
            foreach (var directory in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid) || ParentOf(pid) is not { } parent)
                {
                    continue;
                }

                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
                var arguments = ProjectProcesses.CommandLine(pid).Split(' ');
                var monitor = Array.IndexOf(arguments, "--monitor");
                if (monitor >= 0 && monitor + 1 < arguments.Length && int.TryParse(arguments[monitor + 1], out var monitored))
                {
                    (monitoring.TryGetValue(monitored, out var watchers) ? watchers : monitoring[monitored] = []).Add(pid);
                }
            }

            var found = new HashSet<int>();
            var pending = new Stack<int>([_script.Id]);
            while (pending.TryPop(out var pid))
            {
                foreach (var next in children.GetValueOrDefault(pid, []).Concat(monitoring.GetValueOrDefault(pid, [])))
                {
                    if (found.Add(next))
                    {
                        pending.Push(next);
                    }
                }
            }

            return [.. found];
        }

        private static int? ParentOf(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return null;
            }
        }

        private string Tail() => string.Join('\n', Output.Split('\n').TakeLast(60));

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_script.HasExited)
            {
                foreach (var pid in Processes())
                {
                    Signal("KILL", pid);
                }

                _script.Kill(entireProcessTree: true);
                await _script.WaitForExitAsync();
            }

            _script.Dispose();
        }
    }
}
