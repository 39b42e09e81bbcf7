using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Venvid.Contracts;

namespace Venvid.ApiService.Captions;

/// <summary>A caption file checked and normalised to WebVTT, or why it was refused (naming the line).</summary>
public sealed record CaptionParse(string? WebVtt, int Cues, string? Error)
{
    public static CaptionParse Refused(int line, string message) => new(null, 0, $"Line {line}: {message}");
}

/// <summary>
/// Reads WebVTT and SubRip (SRT) caption files into clean WebVTT: UTF-8 without BOM, LF line ends, cues in order,
/// each ending after it starts and no later than the video. SRT's <c>00:00:01,500</c> becomes <c>00:00:01.500</c>;
/// its cue numbers and multi-line texts are kept. Cue text is stored as written: players render it as text.
/// </summary>
public static partial class CaptionText
{
    /// <summary>Cues may end this much after the video's last frame (rounding of the measured duration).</summary>
    private const double EndTolerance = 0.5;

    public static CaptionParse FromWebVtt(string text, double? durationSeconds) => Parse(text, durationSeconds, srt: false);

    public static CaptionParse FromSrt(string text, double? durationSeconds) => Parse(text, durationSeconds, srt: true);

    private static CaptionParse Parse(string text, double? durationSeconds, bool srt)
    {
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        // The API's rule for text (TextRules): no file needs one, and every player would have to decide what to draw.
        var controlLine = Array.FindIndex(lines, line => !TextRules.IsAllowed(line));
        if (controlLine >= 0)
        {
            return CaptionParse.Refused(controlLine + 1, TextRules.Message);
        }

        var output = new StringBuilder("WEBVTT\n");
        var index = 0;
        if (!srt)
        {
            if (lines.Length == 0 || !WebVttHeader().IsMatch(lines[0]))
            {
                return CaptionParse.Refused(1, "a WebVTT file starts with \"WEBVTT\".");
            }

            // The header block (WEBVTT and any header lines) ends at the first blank line.
            index = 1;
            while (index < lines.Length && lines[index].Length > 0)
            {
                index++;
            }
        }

        var cues = 0;
        var previousStart = -1.0;
        while (index < lines.Length)
        {
            // Blank lines separate blocks.
            if (lines[index].Trim().Length == 0)
            {
                index++;
                continue;
            }

            if (!srt && (lines[index].StartsWith("NOTE", StringComparison.Ordinal) || lines[index] is "STYLE" or "REGION"))
            {
                // Comments, styles and regions are dropped (styles could restyle the page's player).
                while (index < lines.Length && lines[index].Length > 0)
                {
                    index++;
                }

                continue;
            }

            // An optional identifier (SRT: the cue number) on the line before the timing.
            string? identifier = null;
            if (!lines[index].Contains("-->", StringComparison.Ordinal))
            {
                identifier = lines[index].Trim();
                if (srt && !int.TryParse(identifier, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return CaptionParse.Refused(index + 1, "expected a cue number or a timing line like 00:00:01,000 --> 00:00:02,500.");
                }

                index++;
                if (index >= lines.Length || !lines[index].Contains("-->", StringComparison.Ordinal))
                {
                    return CaptionParse.Refused(index + 1, "expected a timing line like 00:00:01.000 --> 00:00:02.500.");
                }
            }

            var timingLine = index + 1;
            var timing = TimingLine().Match(lines[index].Trim());
            if (!timing.Success || !TryTime(timing.Groups["start"].Value, srt, out var start) || !TryTime(timing.Groups["end"].Value, srt, out var end))
            {
                return CaptionParse.Refused(timingLine, $"\"{Shorten(lines[index])}\" is not a valid cue timing (hh:mm:ss{(srt ? ',' : '.')}mmm --> hh:mm:ss{(srt ? ',' : '.')}mmm).");
            }

            if (end <= start)
            {
                return CaptionParse.Refused(timingLine, "the cue ends before it starts.");
            }

            if (start < previousStart)
            {
                return CaptionParse.Refused(timingLine, "cues are out of order: this one starts before the previous one.");
            }

            if (durationSeconds is { } duration && end > duration + EndTolerance)
            {
                return CaptionParse.Refused(timingLine, $"the cue ends at {Format(end)}, after the video's end ({Format(duration)}).");
            }

            index++;
            var body = new List<string>();
            while (index < lines.Length && lines[index].Trim().Length > 0)
            {
                if (lines[index].Contains("-->", StringComparison.Ordinal))
                {
                    return CaptionParse.Refused(index + 1, "a timing line inside a cue's text: separate cues with a blank line.");
                }

                body.Add(lines[index].TrimEnd());
                index++;
            }

            output.Append('\n');
            if (identifier is not null && !srt)
            {
                output.Append(identifier).Append('\n');
            }

            // SRT positions (X1:…) have no WebVTT meaning; WebVTT cue settings are kept.
            var settings = srt ? "" : timing.Groups["settings"].Value.Trim();
            output.Append(Format(start)).Append(" --> ").Append(Format(end));
            if (settings.Length > 0)
            {
                output.Append(' ').Append(settings);
            }

            output.Append('\n');
            foreach (var line in body)
            {
                output.Append(line).Append('\n');
            }

            previousStart = start;
            cues++;
        }

        return cues == 0 ? CaptionParse.Refused(lines.Length, "the file has no cues.") : new CaptionParse(output.ToString(), cues, null);
    }

    /// <summary>hh:mm:ss.mmm (hours optional in WebVTT, required in SRT, which writes a comma).</summary>
    private static bool TryTime(string text, bool srt, out double seconds)
    {
        seconds = 0;
        var match = (srt ? SrtTime() : VttTime()).Match(text);
        if (!match.Success)
        {
            return false;
        }

        var hours = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var secs = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        var millis = int.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture);
        if (minutes > 59 || secs > 59)
        {
            return false;
        }

        seconds = hours * 3600 + minutes * 60 + secs + millis / 1000.0;
        return true;
    }

    /// <summary>WebVTT's hh:mm:ss.mmm.</summary>
    public static string Format(double seconds)
    {
        var millis = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{millis / 3_600_000:00}:{millis / 60_000 % 60:00}:{millis / 1000 % 60:00}.{millis % 1000:000}");
    }

    private static string Shorten(string line) => line.Length <= 60 ? line.Trim() : line[..57].Trim() + "…";

    [GeneratedRegex(@"^WEBVTT([ \t].*)?$")]
    private static partial Regex WebVttHeader();

    [GeneratedRegex(@"^(?<start>\S+)[ \t]+-->[ \t]+(?<end>\S+)(?<settings>([ \t].*)?)$")]
    private static partial Regex TimingLine();

    [GeneratedRegex(@"^((?<h>\d{2,}):)?(?<m>\d{2}):(?<s>\d{2})\.(?<ms>\d{3})$")]
    private static partial Regex VttTime();

    [GeneratedRegex(@"^(?<h>\d{1,3}):(?<m>\d{1,2}):(?<s>\d{1,2}),(?<ms>\d{3})$")]
    private static partial Regex SrtTime();
}
