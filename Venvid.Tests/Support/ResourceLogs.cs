using System.Text;

namespace Venvid.Tests.Support;

/// <summary>Reads the console output the fixture captures per resource (<see cref="AppHostFixture.LogRoot"/>, the single-region run's).</summary>
public static class ResourceLogs
{
    public static string PathOf(string resource) => Path.Combine(AppHostFixture.LogRoot, resource + ".log");

    /// <summary>Where the resource's log ends now; pass it to <see cref="ReadSince"/> to see only what comes after.</summary>
    public static long Mark(string resource) => File.Exists(PathOf(resource)) ? new FileInfo(PathOf(resource)).Length : 0;

    public static string ReadSince(string resource, long mark = 0)
    {
        if (!File.Exists(PathOf(resource)))
        {
            return "";
        }

        using var file = new FileStream(PathOf(resource), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Seek(Math.Min(mark, file.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Polls the log until a line after <paramref name="mark"/> contains <paramref name="text"/>; returns that line.</summary>
    public static async Task<string> WaitForLineAsync(string resource, long mark, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = ReadSince(resource, mark).Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"'{text}' did not appear in the {resource} log within {timeout}.");
            }

            await Task.Delay(250);
        }
    }
}
