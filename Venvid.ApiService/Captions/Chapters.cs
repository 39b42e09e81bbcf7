using System.Globalization;
using System.Text.RegularExpressions;
using Venvid.Contracts;

namespace Venvid.ApiService.Captions;

/// <summary>
/// Chapters from a description, the YouTube way: lines that start with a timestamp (<c>0:00 Intro</c>,
/// <c>1:02:03 - Finale</c>). They count only as a whole — the first at 0:00, each after the one before, all before
/// the video's end, at least two — otherwise the video has no chapters.
/// </summary>
public static partial class Chapters
{
    public static IReadOnlyList<ChapterDto> FromDescription(string? description, double? durationSeconds)
    {
        if (string.IsNullOrEmpty(description))
        {
            return [];
        }

        var chapters = new List<ChapterDto>();
        foreach (var line in description.Split('\n'))
        {
            var match = ChapterLine().Match(line.Trim());
            if (!match.Success)
            {
                continue;
            }

            var hours = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
            var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
            var seconds = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
            if (seconds > 59 || (match.Groups["h"].Success && minutes > 59))
            {
                return [];
            }

            var start = hours * 3600 + minutes * 60 + seconds;
            if ((chapters.Count == 0 && start != 0) || (chapters.Count > 0 && start <= chapters[^1].StartSeconds)
                || (durationSeconds is { } duration && start >= duration))
            {
                return [];
            }

            chapters.Add(new ChapterDto(start, match.Groups["title"].Value.Trim()));
        }

        return chapters.Count >= 2 ? chapters : [];
    }

    // A timestamp, optional separator (" - ", " – ", ": ", " | "), then the title.
    [GeneratedRegex(@"^((?<h>\d{1,2}):)?(?<m>\d{1,3}):(?<s>\d{2})\s*(?:[-–—:|]\s*)?(?<title>\S.{0,99})$")]
    private static partial Regex ChapterLine();
}
