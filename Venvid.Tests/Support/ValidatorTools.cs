using System.Diagnostics;

namespace Venvid.Tests.Support;

/// <summary>
/// Checkers nobody here wrote, kept under <c>tools/</c> with pinned npm dependencies (installed by the set-up): each
/// prints a line per problem and a last line with what it checked, and exits 1 when there is any problem.
/// </summary>
public static class ValidatorTools
{
    /// <summary>Runs <c>tools/{tool}/validate.mjs</c> with Node; the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> arguments)
    {
        var script = Path.Combine(ProjectProcesses.RepositoryRoot, "tools", tool, "validate.mjs");
        var startInfo = new ProcessStartInfo("node", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
