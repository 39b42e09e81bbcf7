using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Venvid.Bench;

/// <summary>Linux process helpers: who listens on a port, memory from /proc, signals to process groups.</summary>
public static partial class OsProcess
{
    public const int SigInt = 2;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Signals every process in the group led by <paramref name="leader"/> (started through <c>setsid</c>).</summary>
    public static void SignalGroup(int leader, int signal) => Kill(-leader, signal);

    /// <summary>The pid of the process with a listening TCP socket on <paramref name="port"/>, or null.</summary>
    public static int? PidListeningOn(int port)
    {
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // local_address is HEXIP:HEXPORT; state 0A is LISTEN; inode is column 9.
                if (f.Length > 9 && f[3] == "0A" && int.Parse(f[1][(f[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    inodes.Add($"socket:[{f[9]}]");
                }
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>A field of /proc/&lt;pid&gt;/status in bytes (VmRSS, VmHWM), or -1 when the process is gone.</summary>
    public static long StatusBytes(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }

    /// <summary>Starts <paramref name="file"/> in a new session (its own process group) so it can be stopped with all its children.</summary>
    public static Process StartGroup(string file, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? env = null, string? logPath = null)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        psi.ArgumentList.Add(file);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var log = logPath is null ? null : new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (process) { log?.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (process) { log?.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGINT to the group, then SIGKILL if it has not exited within <paramref name="grace"/>.</summary>
    public static async Task StopGroupAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        SignalGroup(process.Id, SigInt);
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            SignalGroup(process.Id, SigKill);
            await process.WaitForExitAsync();
        }
    }

    public static async Task<bool> WaitHealthyAsync(HttpClient http, IReadOnlyList<string> urls, TimeSpan timeout, Process? process = null)
    {
        var deadline = Stopwatch.StartNew();
        var pending = urls.ToList();
        while (deadline.Elapsed < timeout)
        {
            foreach (var url in pending.ToList())
            {
                try
                {
                    using var response = await http.GetAsync(url);
                    if (response.IsSuccessStatusCode)
                    {
                        pending.Remove(url);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
            }

            if (pending.Count == 0)
            {
                return true;
            }

            if (process is { HasExited: true })
            {
                return false;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
