using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Venvid.AppHost.Infrastructure;

/// <summary>Runs a one-shot set-up command (initdb, chown…) and logs its output to the resource's console in the dashboard.</summary>
internal static class ProcessRunner
{
    public static async Task RunAsync(ILogger logger, string fileName, IEnumerable<string> arguments, string? standardInput, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } logger.LogInformation("{Line}", e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } logger.LogInformation("{Line}", e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), ct);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} exited with {process.ExitCode}: {output}");
        }
    }
}
